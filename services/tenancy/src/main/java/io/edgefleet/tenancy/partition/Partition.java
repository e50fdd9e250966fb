package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** A tenant's partition: one namespace in one cluster, with its quota and container limits. */
public record Partition(String tenant, String name, UUID clusterId, String clusterName, String namespace,
                        PartitionSpec spec, Optional<String> createdBy, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {

    /** Columns of {@code partitions p JOIN clusters c} that {@link #from(Row)} reads. */
    static final String COLUMNS = "p.tenant, p.name, p.cluster_id, c.name AS cluster_name, p.namespace, p.quota::text AS quota,"
            + " p.limits::text AS limits, p.created_by, p.created_at, p.updated_at";

    static Partition from(Row row) {
        return new Partition(row.getString("tenant"), row.getString("name"), row.getUUID("cluster_id"),
                row.getString("cluster_name"), row.getString("namespace"),
                PartitionSpec.fromJson(Json.parse(row.getString("quota").getBytes(StandardCharsets.UTF_8)),
                        Json.parse(row.getString("limits").getBytes(StandardCharsets.UTF_8))),
                Optional.ofNullable(row.getString("created_by")), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("tenant", tenant).put("name", name).put("cluster", clusterName).put("clusterId", clusterId.toString())
                .put("namespace", namespace);
        json.set("quota", spec.quotaJson());
        json.set("limits", spec.limitsJson());
        json.put("createdBy", createdBy.orElse(null));
        json.put("createdAt", createdAt.toInstant().toString()).put("updatedAt", updatedAt.toInstant().toString());
        return json;
    }
}

package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's partition: one namespace in one cluster, with its quota and container limits, and the state of the
 * tenant's access to it.
 */
public record Partition(String tenant, String name, UUID clusterId, String clusterName, String namespace,
                        PartitionSpec spec, PartitionAccess access, Optional<String> createdBy, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {

    /** Columns of {@code partitions p} and {@link #JOINS} that {@link #from(Row)} reads. */
    static final String COLUMNS = "p.tenant, p.name, p.cluster_id, c.name AS cluster_name, p.namespace, p.quota::text AS quota,"
            + " p.limits::text AS limits, t.status AS tenant_status, p.access_applied, p.access_error,"
            + " p.access_attempted_at, p.created_by, p.created_at, p.updated_at";
    /** The partition's cluster (its name) and tenant (its status decides the access the partition should give). */
    static final String JOINS = " JOIN clusters c ON c.id = p.cluster_id JOIN tenants t ON t.id = p.tenant";

    static Partition from(Row row) {
        return new Partition(row.getString("tenant"), row.getString("name"), row.getUUID("cluster_id"),
                row.getString("cluster_name"), row.getString("namespace"),
                PartitionSpec.fromJson(Json.parse(row.getString("quota").getBytes(StandardCharsets.UTF_8)),
                        Json.parse(row.getString("limits").getBytes(StandardCharsets.UTF_8))),
                new PartitionAccess(PartitionAccess.State.forTenantStatus(row.getString("tenant_status")),
                        PartitionAccess.State.parse(row.getString("access_applied")),
                        Optional.ofNullable(row.getString("access_error")),
                        Optional.ofNullable(row.getOffsetDateTime("access_attempted_at"))),
                Optional.ofNullable(row.getString("created_by")), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("tenant", tenant).put("name", name).put("cluster", clusterName).put("clusterId", clusterId.toString())
                .put("namespace", namespace);
        json.set("quota", spec.quotaJson());
        json.set("limits", spec.limitsJson());
        json.set("access", access.toJson());
        json.put("createdBy", createdBy.orElse(null));
        json.put("createdAt", createdAt.toInstant().toString()).put("updatedAt", updatedAt.toInstant().toString());
        return json;
    }
}

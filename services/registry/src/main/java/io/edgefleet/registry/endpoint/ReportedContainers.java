package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What the newest state report of an endpoint said runs on its machine ({@code rest/endpoint-containers}).
 *
 * @param reportedAt the agent's time of that report, null while none was stored
 * @param containers every container the Docker engine knew, as the agent reported them ({@code state#/$defs/container})
 * @param apps       the phase of each app of the desired state ({@code state#/$defs/app})
 */
public record ReportedContainers(Instant reportedAt, ArrayNode containers, ArrayNode apps) {

    public ReportedContainers {
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(apps, "apps");
    }

    /** Reads a row selected with {@link RegistryQueries#SELECT_CONTAINERS}. */
    static ReportedContainers from(Row row) {
        OffsetDateTime reportedAt = row.getOffsetDateTime("reported_at");
        return new ReportedContainers(reportedAt == null ? null : reportedAt.toInstant(),
                array(row.getString("containers")), array(row.getString("apps")));
    }

    /** The REST representation: every member present, reportedAt null while no report was stored. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("reportedAt", reportedAt == null ? null : reportedAt.toString());
        json.set("containers", containers.deepCopy());
        json.set("apps", apps.deepCopy());
        return json;
    }

    private static ArrayNode array(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        JsonNode parsed = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        // the column's CHECK constraint admits arrays only
        return (ArrayNode) parsed;
    }
}

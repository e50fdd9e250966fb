package io.edgefleet.telemetry.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A webhook subscription as stored (the secret is not part of it: it is shown once, at creation). */
record Subscription(UUID id, String url, List<String> types, String description, boolean enabled,
                    OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, url, types, description, enabled, created_at, updated_at";

    static Subscription of(Row row) {
        return new Subscription(row.getUUID("id"), row.getString("url"), List.of(row.getArrayOfStrings("types")),
                row.getString("description"), row.getBoolean("enabled"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }

    ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", id.toString());
        json.put("url", url);
        types.forEach(json.putArray("types")::add);
        json.put("description", description);
        json.put("enabled", enabled);
        json.put("createdAt", createdAt.toInstant().toString());
        json.put("updatedAt", updatedAt.toInstant().toString());
        return json;
    }
}

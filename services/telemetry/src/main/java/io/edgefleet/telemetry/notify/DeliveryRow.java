package io.edgefleet.telemetry.notify;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A stored delivery as the API shows it (the secret never leaves the database).
 *
 * @param status {@code pending} (to be tried, maybe again), {@code delivered} (a 2xx answer) or {@code dead}
 *               (every attempt failed)
 */
public record DeliveryRow(UUID id, String tenant, String ownerKind, String ownerId, String url, String status,
                          int attempts, int maxAttempts, Integer lastStatus, String lastError, OffsetDateTime createdAt,
                          OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id.toString())
                .put("url", url)
                .put("status", status)
                .put("attempts", attempts)
                .put("maxAttempts", maxAttempts)
                .put("createdAt", createdAt.toInstant().toString());
        if (lastStatus != null) {
            json.put("lastStatus", lastStatus);
        }
        if (lastError != null) {
            json.put("lastError", lastError);
        }
        if ("pending".equals(status)) {
            json.put("nextAttemptAt", nextAttemptAt.toInstant().toString());
        }
        if (deliveredAt != null) {
            json.put("deliveredAt", deliveredAt.toInstant().toString());
        }
        return json;
    }
}

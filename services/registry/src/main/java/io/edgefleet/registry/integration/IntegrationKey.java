package io.edgefleet.registry.integration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An integration key as the registry stores it (never with its secret): a read-only MQTT credential of one tenant.
 *
 * @param expiresAt null when the key does not expire
 */
public record IntegrationKey(String id, String tenant, String name, Instant createdAt, String createdBy,
                             Instant expiresAt) {

    /** MQTT usernames of integration keys start with this; the key id follows. */
    public static final String USERNAME_PREFIX = "int:";

    public IntegrationKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Reads a row selected with {@link IntegrationKeyStore#COLUMNS}. */
    static IntegrationKey from(Row row) {
        OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
        return new IntegrationKey(row.getString("id"), row.getString("tenant"), row.getString("name"),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"),
                expiresAt == null ? null : expiresAt.toInstant());
    }

    /** The key's MQTT username (and client id). */
    public String username() {
        return USERNAME_PREFIX + id;
    }

    /** The REST representation ({@code rest/integration-key.schema.json}). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("id", id).put("tenant", tenant).put("name", name).put("username", username())
                .put("createdAt", createdAt.toString()).put("createdBy", createdBy);
        json.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return json;
    }

    /** The data of {@code integration-key.created}. */
    ObjectNode toCreatedEvent() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("keyId", id).put("tenant", tenant).put("name", name)
                .put("createdAt", createdAt.toString()).put("createdBy", createdBy);
        json.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return json;
    }
}

package io.edgefleet.tenancy.token;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token's public facts ({@code rest/token}); the secret is shown once at creation and never stored. */
public record ApiToken(UUID id, String tenant, String name, String role, OffsetDateTime expiresAt,
                       OffsetDateTime revokedAt, String createdBy, OffsetDateTime createdAt) {

    static ApiToken from(Row row) {
        return new ApiToken(row.getUUID("id"), row.getString("tenant"), row.getString("name"), row.getString("role"),
                row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("revoked_at"), row.getString("created_by"),
                row.getOffsetDateTime("created_at"));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString()).put("tenant", tenant).put("name", name).put("role", role)
                .put("expiresAt", expiresAt.toInstant().toString());
        if (revokedAt != null) {
            json.put("revokedAt", revokedAt.toInstant().toString());
        }
        if (createdBy != null) {
            json.put("createdBy", createdBy);
        }
        json.put("createdAt", createdAt.toInstant().toString());
        return json;
    }
}

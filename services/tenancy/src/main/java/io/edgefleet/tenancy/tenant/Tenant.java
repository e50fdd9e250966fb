package io.edgefleet.tenancy.tenant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A tenant as the API shows it ({@code rest/tenant}). */
public record Tenant(String id, String displayName, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    static Tenant from(Row row) {
        return new Tenant(row.getString("id"), row.getString("display_name"), row.getString("status"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id).put("displayName", displayName).put("status", status)
                .put("createdAt", createdAt.toInstant().toString()).put("updatedAt", updatedAt.toInstant().toString());
        return json;
    }
}

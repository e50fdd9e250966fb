package io.edgefleet.tenancy.user;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A platform user as the API shows it ({@code rest/user}); never carries the password hash.
 *
 * @param memberships tenant id to role
 */
public record User(UUID id, String email, String displayName, boolean platformAdmin, Map<String, String> memberships,
                   OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public User {
        memberships = Map.copyOf(memberships);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString()).put("email", email).put("displayName", displayName).put("platformAdmin", platformAdmin);
        ObjectNode roles = json.putObject("memberships");
        new TreeMap<>(memberships).forEach(roles::put);
        json.put("createdAt", createdAt.toInstant().toString()).put("updatedAt", updatedAt.toInstant().toString());
        return json;
    }
}

package io.edgefleet.deployment.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import java.time.OffsetDateTime;

/**
 * A tenant's registry credentials as the API shows them: never the password, only that one is stored.
 *
 * @param version 1 at creation, + 1 with every change (a new password included)
 */
public record Registry(String name, String host, String username, int version, OffsetDateTime createdAt,
                       OffsetDateTime updatedAt, String updatedBy) {

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        json.put("host", host);
        json.put("username", username);
        json.put("hasPassword", true);
        json.put("version", version);
        json.put("createdAt", App.format(createdAt));
        json.put("updatedAt", App.format(updatedAt));
        json.put("updatedBy", updatedBy);
        return json;
    }
}

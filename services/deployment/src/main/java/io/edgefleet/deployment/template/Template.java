package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A stored template at its current version.
 *
 * @param catalogue the tenant whose catalogue holds it, or {@link #SHARED} for the shared catalogue
 * @param body      {@code {description?, params, app}} as last saved
 */
public record Template(String catalogue, String name, int version, JsonNode body, OffsetDateTime createdAt,
                       OffsetDateTime updatedAt, String updatedBy) {

    /** The catalogue key of the shared catalogue (no tenant id is empty). */
    public static final String SHARED = "";

    public Template {
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** The API representation: {@code {catalogue: "shared"|"tenant", name, version, description?, params, app, ...}}. */
    public ObjectNode toJson() {
        ObjectNode json = ((ObjectNode) body).deepCopy();
        ObjectNode head = json.objectNode();
        head.put("catalogue", SHARED.equals(catalogue) ? "shared" : "tenant");
        if (!SHARED.equals(catalogue)) {
            head.put("tenant", catalogue);
        }
        head.put("name", name);
        head.put("version", version);
        head.setAll(json);
        head.put("createdAt", App.format(createdAt));
        head.put("updatedAt", App.format(updatedAt));
        head.put("updatedBy", updatedBy);
        return head;
    }
}

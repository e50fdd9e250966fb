package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.config.ConfigRefs;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One immutable revision of an app.
 *
 * @param rollout      the rollout strategy with its defaults written out
 * @param overrides    per-target overrides; {@code null} when there are none
 * @param autoUpdate   the {@code autoUpdate} section, null when none
 * @param rolledBackTo the earlier revision this one copies, or null when it came from a create or an update
 * @param createdBy    the caller the gateway forwarded ({@code user:<id>}, {@code token:<id>}, {@code bootstrap})
 */
public record AppRevision(int revision, JsonNode spec, JsonNode target, JsonNode rollout, JsonNode overrides,
                          Integer rolledBackTo, OffsetDateTime createdAt, String createdBy, JsonNode autoUpdate,
                          ConfigRefs config) {

    public AppRevision {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        config = config == null ? ConfigRefs.NONE : config;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("revision", revision);
        json.set("spec", spec.deepCopy());
        json.set("target", target.deepCopy());
        json.set("rollout", rollout.deepCopy());
        if (overrides != null) {
            json.set("overrides", overrides.deepCopy());
        }
        if (rolledBackTo == null) {
            json.putNull("rolledBackTo");
        } else {
            json.put("rolledBackTo", rolledBackTo);
        }
        json.put("createdAt", App.format(createdAt));
        json.put("createdBy", createdBy);
        if (autoUpdate != null) {
            json.set("autoUpdate", autoUpdate.deepCopy());
        }
        config.addTo(json);
        return json;
    }
}

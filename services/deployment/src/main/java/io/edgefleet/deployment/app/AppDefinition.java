package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.config.ConfigRefs;
import io.edgefleet.deployment.rollout.RolloutStrategy;
import java.util.Objects;

/**
 * What a caller wants an app's next revision to be: spec, target and the optional sections of the app body.
 *
 * @param autoUpdate the {@code autoUpdate} section (registry webhook releases), {@code null} when absent
 * @param config     the config sets and registries asked for, not yet pinned to versions
 * @param overrides the {@code overrides} section as given, {@code null} when absent; parsed once here so that a bad
 *                  selector in it is refused before anything is stored
 */
public record AppDefinition(JsonNode spec, AppTarget target, RolloutStrategy rollout, JsonNode overrides,
                            JsonNode autoUpdate, ConfigRefs config) {

    public AppDefinition {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(config, "config");
        if (overrides != null && (overrides.isNull() || overrides.isEmpty())) {
            overrides = null;
        }
        TargetOverrides.fromJson(overrides);
        if (autoUpdate != null && autoUpdate.isNull()) {
            autoUpdate = null;
        }
    }

    /** A definition with the default rollout and no overrides. */
    public static AppDefinition of(JsonNode spec, AppTarget target) {
        return new AppDefinition(spec, target, RolloutStrategy.DEFAULT, null, null, ConfigRefs.NONE);
    }

    /**
     * Reads an app-create or app-update body that passed its schema.
     *
     * @throws AppTarget.InvalidTargetException naming the selector (of the target or an override) that is unusable
     */
    public static AppDefinition fromBody(JsonNode body) {
        return new AppDefinition(body.get("spec"), AppTarget.fromJson(body.get("target")),
                RolloutStrategy.fromJson(body.get("rollout")), body.get("overrides"), body.get("autoUpdate"),
                ConfigRefs.fromBody(body));
    }
}

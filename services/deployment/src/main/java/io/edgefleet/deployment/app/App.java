package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.config.ConfigRefs;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * An app at its current revision.
 *
 * @param revision  the current (highest) revision
 * @param spec      the revision's {@code app-spec} document
 * @param target    the revision's target as stored (the JSON of {@link AppTarget})
 * @param rollout   the revision's rollout strategy with its defaults written out
 * @param overrides the revision's per-target overrides; {@code null} when there are none
 * @param updatedAt when the current revision was created
 * @param autoUpdate the revision's {@code autoUpdate} section ({@code rest/app-create#/$defs/autoUpdate}), null when none
 * @param config    the revision's config sets and registries ({@link ConfigRefs#NONE} when it uses none)
 */
public record App(String tenant, String name, int revision, JsonNode spec, JsonNode target, JsonNode rollout,
                  JsonNode overrides, OffsetDateTime createdAt, OffsetDateTime updatedAt, JsonNode autoUpdate,
                  ConfigRefs config) {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    public App {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        config = config == null ? ConfigRefs.NONE : config;
    }

    /** The API representation, also the data of {@code app.created}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("tenant", tenant);
        json.put("name", name);
        json.put("revision", revision);
        json.set("spec", spec.deepCopy());
        json.set("target", target.deepCopy());
        json.set("rollout", rollout.deepCopy());
        if (overrides != null) {
            json.set("overrides", overrides.deepCopy());
        }
        json.put("createdAt", format(createdAt));
        json.put("updatedAt", format(updatedAt));
        if (autoUpdate != null) {
            json.set("autoUpdate", autoUpdate.deepCopy());
        }
        config.addTo(json);
        return json;
    }

    /** RFC 3339 in UTC with milliseconds, always with seconds (unlike {@code OffsetDateTime.toString()}). */
    public static String format(OffsetDateTime time) {
        return TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}

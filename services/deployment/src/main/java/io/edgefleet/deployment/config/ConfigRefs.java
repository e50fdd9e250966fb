package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.buffer.Buffer;

/**
 * What an app revision takes from the tenant's config sets and registries: the {@code configSets} and
 * {@code registries} sections of the app body, as stored per revision (columns {@code config_sets} and
 * {@code registries} of {@code app_revisions}).
 *
 * @param configSets {@code [{name, version?, resolvedVersion, env, mountPath?}]}: {@code version} as the caller
 *                   asked (absent = follow the newest), {@code resolvedVersion} the version this revision compiles
 *                   with; null when the app uses no config set
 * @param registries {@code ["name", ...]}, sorted and unique; null when the app uses no registry
 */
public record ConfigRefs(ArrayNode configSets, ArrayNode registries) {

    public static final ConfigRefs NONE = new ConfigRefs(null, null);

    public ConfigRefs {
        configSets = configSets == null || configSets.isEmpty() ? null : configSets;
        registries = registries == null || registries.isEmpty() ? null : registries;
    }

    /**
     * The sections of a schema-valid app body as the caller asked for them: {@code env} defaults to true, a
     * {@code resolvedVersion} the caller sent (e.g. a GET's body sent back) is ignored, registries are sorted.
     */
    public static ConfigRefs fromBody(JsonNode body) {
        ArrayNode sets = null;
        if (body.hasNonNull("configSets")) {
            sets = JsonNodeFactory.instance.arrayNode();
            for (JsonNode ref : body.get("configSets")) {
                ObjectNode copy = sets.addObject().put("name", ref.get("name").asText());
                if (ref.hasNonNull("version")) {
                    copy.put("version", ref.get("version").asInt());
                }
                copy.put("env", !ref.has("env") || ref.get("env").asBoolean());
                if (ref.hasNonNull("mountPath")) {
                    copy.put("mountPath", ref.get("mountPath").asText().replaceAll("/+$", ""));
                }
            }
        }
        ArrayNode registries = null;
        if (body.hasNonNull("registries")) {
            registries = JsonNodeFactory.instance.arrayNode();
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            body.get("registries").forEach(name -> names.add(name.asText()));
            names.forEach(registries::add);
        }
        return new ConfigRefs(sets, registries);
    }

    /** Reads the stored columns (jsonb as text, either may be null). */
    public static ConfigRefs fromColumns(String configSets, String registries) {
        return new ConfigRefs(configSets == null ? null : (ArrayNode) Json.parse(Buffer.buffer(configSets)),
                registries == null ? null : (ArrayNode) Json.parse(Buffer.buffer(registries)));
    }

    /** Adds the non-empty sections to an app's or a revision's JSON. */
    public void addTo(ObjectNode json) {
        if (configSets != null) {
            json.set("configSets", configSets.deepCopy());
        }
        if (registries != null) {
            json.set("registries", registries.deepCopy());
        }
    }

    /** The column value of {@link #configSets()}: JSON text or null. */
    public String configSetsColumn() {
        return configSets == null ? null : Json.write(configSets);
    }

    /** The column value of {@link #registries()}: JSON text or null. */
    public String registriesColumn() {
        return registries == null ? null : Json.write(registries);
    }

    /** Whether the app follows the newest version of config set {@code name}. */
    public boolean follows(String name) {
        if (configSets == null) {
            return false;
        }
        for (JsonNode ref : configSets) {
            if (ref.get("name").asText().equals(name) && !ref.has("version")) {
                return true;
            }
        }
        return false;
    }

    /** The same references with every following reference to {@code name} resolved to {@code version}. */
    public ConfigRefs following(String name, int version) {
        ArrayNode sets = configSets == null ? null : configSets.deepCopy();
        if (sets != null) {
            for (JsonNode ref : sets) {
                if (ref.get("name").asText().equals(name) && !ref.has("version")) {
                    ((ObjectNode) ref).put("resolvedVersion", version);
                }
            }
        }
        return new ConfigRefs(sets, registries);
    }
}

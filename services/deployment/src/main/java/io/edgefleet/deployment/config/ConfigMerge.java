package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts the config sets an app references into its spec: entries of the sets with {@code env} become
 * {@code spec.env} (in the order of the references, a later set overriding an earlier one, and the spec's own env
 * overriding them all: what the app states itself wins), files of the sets with a {@code mountPath} become
 * {@code spec.files} at {@code <mountPath>/<file name>} (a file the spec lists itself at the same path wins).
 */
public final class ConfigMerge {

    private ConfigMerge() {
    }

    /**
     * The spec with the sets merged in; {@code spec} itself is not changed.
     *
     * @param refs     the stored references ({@link ConfigRefs#configSets()}), each with its resolvedVersion
     * @param versions the referenced versions by {@link SetVersion#key}
     * @throws IllegalStateException when a referenced version is missing from {@code versions}
     */
    public static JsonNode apply(JsonNode spec, ArrayNode refs, Map<String, SetVersion> versions) {
        if (refs == null || refs.isEmpty()) {
            return spec;
        }
        ObjectNode merged = spec.deepCopy();
        Map<String, String> env = new LinkedHashMap<>();
        ArrayNode files = merged.has("files") ? (ArrayNode) merged.get("files") : merged.arrayNode();
        Set<String> paths = new HashSet<>();
        files.forEach(file -> paths.add(file.get("path").asText()));
        for (JsonNode ref : refs) {
            String key = SetVersion.key(ref.get("name").asText(), ref.get("resolvedVersion").asInt());
            SetVersion version = versions.get(key);
            if (version == null) {
                throw new IllegalStateException("config set version " + key + " is referenced but not loaded");
            }
            if (ref.path("env").asBoolean(true)) {
                version.entries().fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
            if (ref.hasNonNull("mountPath")) {
                Map<String, String> sorted = new TreeMap<>();
                version.files().fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
                String dir = ref.get("mountPath").asText();
                sorted.forEach((name, content) -> {
                    String path = dir + "/" + name;
                    if (paths.add(path)) {
                        files.addObject().put("path", path).put("content", content);
                    }
                });
            }
        }
        if (merged.has("env")) {
            merged.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        if (!env.isEmpty()) {
            ObjectNode envNode = merged.putObject("env");
            env.forEach(envNode::put);
        }
        if (!files.isEmpty()) {
            merged.set("files", files);
        }
        return merged;
    }
}

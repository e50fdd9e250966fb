package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.labels.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code overrides} section of an app: per-target changes to the spec (image, env), applied in order to the
 * endpoints each entry selects by id or label selector, so that one app can run, say, another image tag at one site.
 */
public final class TargetOverrides {

    /** No overrides. */
    public static final TargetOverrides NONE = new TargetOverrides(List.of());

    private record Entry(Set<String> endpoints, LabelSelector selector, String image, JsonNode env) {
        boolean selects(String endpoint, Map<String, String> labels) {
            return endpoints.contains(endpoint) || (selector != null && selector.matches(labels));
        }
    }

    private final List<Entry> entries;

    private TargetOverrides(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads an {@code overrides} section that passed the app schema; {@code null} gives {@link #NONE}.
     *
     * @throws AppTarget.InvalidTargetException naming the entry whose selector cannot be parsed or selects everything
     */
    public static TargetOverrides fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode entry = json.get(i);
            List<String> ids = new ArrayList<>();
            entry.path("endpoints").forEach(id -> ids.add(id.asText()));
            LabelSelector selector = null;
            if (entry.hasNonNull("selector")) {
                try {
                    selector = LabelSelector.parse(entry.get("selector").asText());
                } catch (LabelSelector.InvalidSelectorException e) {
                    throw new AppTarget.InvalidTargetException("/overrides/" + i + "/selector", e.getMessage());
                }
                if (selector.isEverything()) {
                    throw new AppTarget.InvalidTargetException("/overrides/" + i + "/selector",
                            "selects every endpoint; change the spec itself instead");
                }
            }
            if (ids.isEmpty() && selector == null) {
                throw new AppTarget.InvalidTargetException("/overrides/" + i, "names no endpoints and no selector");
            }
            entries.add(new Entry(Set.copyOf(ids), selector,
                    entry.hasNonNull("image") ? entry.get("image").asText() : null, entry.get("env")));
        }
        return new TargetOverrides(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The spec as the endpoint runs it.
     *
     * @return {@code spec} itself when no entry selects the endpoint, else a changed copy
     */
    public JsonNode apply(JsonNode spec, String endpoint, Map<String, String> labels) {
        ObjectNode changed = null;
        for (Entry entry : entries) {
            if (!entry.selects(endpoint, labels)) {
                continue;
            }
            if (changed == null) {
                changed = spec.deepCopy();
            }
            if (entry.image() != null) {
                changed.put("image", entry.image());
            }
            if (entry.env() != null) {
                ObjectNode env = changed.has("env") ? (ObjectNode) changed.get("env")
                        : changed.putObject("env");
                entry.env().fields().forEachRemaining(e -> env.set(e.getKey(), e.getValue()));
            }
        }
        return changed == null ? spec : changed;
    }
}

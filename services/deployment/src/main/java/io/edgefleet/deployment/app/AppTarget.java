package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.labels.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where an app runs: the listed endpoint ids plus every endpoint whose labels match the selector.
 *
 * @param endpoints endpoint ids selected regardless of labels (may be empty)
 * @param selector  the selector as written, or empty; never one that selects everything
 * @param parsed    the parsed selector; {@code null} when there is none
 */
public record AppTarget(List<String> endpoints, Optional<String> selector, LabelSelector parsed) {

    public AppTarget {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(selector, "selector");
        if (selector.isPresent() != (parsed != null)) {
            throw new IllegalArgumentException("a selector text needs its parsed form and the reverse");
        }
        if (endpoints.isEmpty() && selector.isEmpty()) {
            throw new IllegalArgumentException("a target names endpoints, a selector or both");
        }
    }

    /** An invalid selector: the reason and where it is. */
    public static final class InvalidTargetException extends IllegalArgumentException {
        public InvalidTargetException(String message) {
            super(message);
        }
    }

    /**
     * Reads a target that passed the {@code rest/app-create} schema's {@code $defs/target}.
     *
     * @throws InvalidTargetException when the selector cannot be parsed or selects every endpoint
     */
    public static AppTarget fromJson(JsonNode target) {
        List<String> endpoints = new ArrayList<>();
        target.path("endpoints").forEach(id -> endpoints.add(id.asText()));
        JsonNode text = target.get("selector");
        if (text == null) {
            return new AppTarget(endpoints, Optional.empty(), null);
        }
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(text.asText());
        } catch (LabelSelector.InvalidSelectorException e) {
            throw new InvalidTargetException(e.getMessage());
        }
        if (parsed.isEverything()) {
            // an app on every endpoint of a tenant must be asked for explicitly, never by a blank string
            throw new InvalidTargetException("selects every endpoint; give at least one requirement such as site=qingdao");
        }
        return new AppTarget(endpoints, Optional.of(text.asText()), parsed);
    }

    /** Whether the target selects the endpoint. */
    public boolean selects(String endpointId, Map<String, String> labels) {
        return endpoints.contains(endpointId) || (parsed != null && parsed.matches(labels));
    }

    /** The explicitly listed ids, for lookups. */
    public Set<String> endpointSet() {
        return Set.copyOf(endpoints);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!endpoints.isEmpty()) {
            endpoints.forEach(json.putArray("endpoints")::add);
        }
        selector.ifPresent(text -> json.put("selector", text));
        return json;
    }
}

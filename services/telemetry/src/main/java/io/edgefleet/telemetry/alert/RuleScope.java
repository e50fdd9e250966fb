package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.labels.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which series a rule looks at: endpoints by label selector and/or ids (both given: both must hold), and the app or
 * container of container metrics. Everything absent selects every series of the tenant.
 *
 * @param selector  endpoint label selector text ("" = every endpoint)
 * @param endpoints endpoint ids (empty = any)
 * @param app       app name or null
 * @param container container name or null
 */
public record RuleScope(String selector, List<String> endpoints, String app, String container) {

    public static final RuleScope EVERYTHING = new RuleScope("", List.of(), null, null);

    public RuleScope {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * @throws LabelSelector.InvalidSelectorException when the selector does not parse
     */
    public static RuleScope fromJson(JsonNode scope) {
        if (scope == null || scope.isMissingNode() || scope.isNull()) {
            return EVERYTHING;
        }
        List<String> ids = new ArrayList<>();
        scope.path("endpoints").forEach(id -> ids.add(id.asText()));
        String selector = scope.path("selector").asText("");
        LabelSelector.parse(selector);
        return new RuleScope(selector, ids, text(scope, "app"), text(scope, "container"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** Whether a series of this endpoint (with these labels), app and container is in scope. */
    public boolean includes(String endpoint, Map<String, String> endpointLabels, String seriesApp, String seriesContainer) {
        return (endpoints.isEmpty() || endpoints.contains(endpoint))
                && LabelSelector.parse(selector).matches(endpointLabels)
                && (app == null || app.equals(seriesApp))
                && (container == null || container.equals(seriesContainer));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!selector.isEmpty()) {
            json.put("selector", selector);
        }
        if (!endpoints.isEmpty()) {
            endpoints.forEach(json.putArray("endpoints")::add);
        }
        if (app != null) {
            json.put("app", app);
        }
        if (container != null) {
            json.put("container", container);
        }
        return json;
    }
}

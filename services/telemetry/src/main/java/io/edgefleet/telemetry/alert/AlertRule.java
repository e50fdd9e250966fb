package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert rule: a series is in alert while {@code value <comparison> threshold} holds; after {@code forSeconds}
 * of holding continuously the alert fires.
 *
 * @param id          a UUID for a tenant's rule, the built-in's id (e.g. {@code endpoint-offline}) for a built-in
 * @param builtin     null for a tenant's rule
 * @param metric      the metric of a tenant's rule; null for a built-in (it measures its own value)
 * @param channels    notification channel ids; empty: the tenant's default channels
 */
public record AlertRule(String id, String name, Builtin builtin, String metric, RuleScope scope, Comparison comparison,
                        double threshold, int forSeconds, String severity, Map<String, String> labels,
                        Map<String, String> annotations, List<UUID> channels, boolean enabled) {

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(severity, "severity");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        channels = List.copyOf(channels);
    }

    /** A tenant's rule from a body that passed {@code rest/alert-rule}. */
    public static AlertRule fromBody(String id, JsonNode body) {
        return new AlertRule(id, body.get("name").asText(), null, body.get("metric").asText(),
                RuleScope.fromJson(body.get("scope")), Comparison.of(body.get("comparator").asText()),
                body.get("threshold").asDouble(), body.path("forSeconds").asInt(0), body.get("severity").asText(),
                strings(body.get("labels")), strings(body.get("annotations")), channels(body.get("channels")),
                body.path("enabled").asBoolean(true));
    }

    /** A built-in with a tenant's tuning (a body that passed {@code rest/alert-rule-tuning}) applied. */
    public AlertRule tuned(JsonNode tuning) {
        return new AlertRule(id, name, builtin, metric, scope,
                comparison, tuning.path("threshold").asDouble(threshold), tuning.path("forSeconds").asInt(forSeconds),
                tuning.path("severity").asText(severity), labels, annotations,
                tuning.has("channels") ? channels(tuning.get("channels")) : channels,
                tuning.path("enabled").asBoolean(enabled));
    }

    /** The rule as the API shows it (and as a tenant's rule is stored). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id).put("name", name).put("builtin", builtin != null);
        if (builtin != null) {
            json.put("measures", builtin.measures());
        } else {
            json.put("metric", metric);
        }
        json.set("scope", scope.toJson());
        json.put("comparator", comparison.symbol()).put("threshold", threshold).put("forSeconds", forSeconds)
                .put("severity", severity);
        ObjectNode l = json.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = json.putObject("annotations");
        annotations.forEach(a::put);
        channels.forEach(c -> json.withArray("channels").add(c.toString()));
        if (channels.isEmpty()) {
            json.putArray("channels");
        }
        json.put("enabled", enabled);
        return json;
    }

    /** What a tenant stores for a built-in: only what it may tune. */
    public ObjectNode tuningJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("enabled", enabled).put("threshold", threshold).put("forSeconds", forSeconds).put("severity", severity);
        channels.forEach(c -> json.withArray("channels").add(c.toString()));
        return json;
    }

    /** A stored rule: a tenant's rule from its definition, a built-in from its tuning. */
    static AlertRule stored(String id, JsonNode definition) {
        return Builtin.byId(id).map(b -> b.defaults().tuned(definition)).orElseGet(() -> fromBody(id, definition));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static List<UUID> channels(JsonNode node) {
        List<UUID> ids = new ArrayList<>();
        if (node != null) {
            node.forEach(id -> ids.add(UUID.fromString(id.asText())));
        }
        return ids;
    }
}

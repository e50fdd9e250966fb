package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an operator asks for when creating an endpoint (a body already valid against
 * {@code rest/endpoint-create}).
 *
 * @param description may be null
 * @param location    may be null
 * @param timezone    may be null
 * @param linkProfile may be null (platform defaults); a preset already expanded
 */
public record NewEndpoint(String name, Map<String, String> labels, String description, String location,
                          String timezone, ObjectNode linkProfile) {

    public NewEndpoint {
        Objects.requireNonNull(name, "name");
        labels = new TreeMap<>(labels);
    }

    /** Reads a create body that passed schema validation. */
    public static NewEndpoint from(JsonNode body) {
        return new NewEndpoint(body.get("name").asText(), labels(body.path("labels")), text(body, "description"),
                text(body, "location"), text(body, "timezone"), LinkProfiles.expand(body.get("linkProfile")));
    }

    /** A labels object as a sorted map (empty for a missing node). */
    static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        labels.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

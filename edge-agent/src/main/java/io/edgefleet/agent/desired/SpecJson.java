package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Readers for the optional members of an already schema-valid spec document; absent and null read alike. */
final class SpecJson {

    private SpecJson() {
    }

    static boolean present(JsonNode node, String field) {
        return node != null && node.hasNonNull(field);
    }

    static String text(JsonNode node, String field) {
        return present(node, field) ? node.get(field).asText() : null;
    }

    static String text(JsonNode node, String field, String fallback) {
        return present(node, field) ? node.get(field).asText() : fallback;
    }

    static Integer integer(JsonNode node, String field) {
        return present(node, field) ? node.get(field).asInt() : null;
    }

    static Boolean bool(JsonNode node, String field) {
        return present(node, field) ? node.get(field).asBoolean() : null;
    }

    static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (present(node, field)) {
            node.get(field).forEach(item -> values.add(item.asText()));
        }
        return values;
    }

    /** The members of an object as a map sorted by key, so that equal specs compare and hash equal. */
    static Map<String, String> map(JsonNode node, String field) {
        Map<String, String> values = new TreeMap<>();
        if (present(node, field)) {
            node.get(field).fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }

    static <T> List<T> objects(JsonNode node, String field, java.util.function.Function<JsonNode, T> reader) {
        List<T> values = new ArrayList<>();
        if (present(node, field)) {
            node.get(field).forEach(item -> values.add(reader.apply(item)));
        }
        return values;
    }

    static Map<String, String> sortedCopy(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }

    static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

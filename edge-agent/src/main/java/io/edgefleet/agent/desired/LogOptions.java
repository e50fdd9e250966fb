package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The container's log driver (e.g. {@code json-file}, {@code local}) and its options (e.g. {@code max-size}). */
public record LogOptions(String driver, Map<String, String> options) {

    public LogOptions {
        options = SpecJson.sortedCopy(options);
    }

    static LogOptions fromJson(JsonNode node) {
        return new LogOptions(SpecJson.text(node, "driver"), SpecJson.map(node, "options"));
    }
}

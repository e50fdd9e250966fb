package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether the agent ships an app's container log continuously, and how many lines per second at most
 * ({@code app-spec.schema.json}, {@code logShipping}). Not part of {@link AppSpec}: it does not change how the
 * container looks, so changing it must not replace the container (the spec hash leaves it out).
 */
public record LogShipping(boolean enabled, int linesPerSecond) {

    public static final int DEFAULT_LINES_PER_SECOND = 100;
    public static final LogShipping OFF = new LogShipping(false, DEFAULT_LINES_PER_SECOND);

    /** Reads the {@code logShipping} member of a schema-valid spec; absent means {@link #OFF}. */
    public static LogShipping fromSpec(JsonNode spec) {
        JsonNode node = spec == null ? null : spec.get("logShipping");
        if (node == null || node.isNull()) {
            return OFF;
        }
        return new LogShipping(node.path("enabled").asBoolean(false),
                node.path("linesPerSecond").asInt(DEFAULT_LINES_PER_SECOND));
    }
}

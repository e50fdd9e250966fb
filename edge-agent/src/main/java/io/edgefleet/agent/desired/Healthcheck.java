package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The container's health check, as Docker runs it. A {@code null} duration keeps Docker's default.
 *
 * @param test e.g. {@code ["CMD-SHELL", "wget -q -O- localhost"]}, {@code ["CMD", ...]} or {@code ["NONE"]}
 */
public record Healthcheck(List<String> test, Integer intervalSeconds, Integer timeoutSeconds, Integer retries,
                          Integer startPeriodSeconds) {

    public Healthcheck {
        test = List.copyOf(test);
    }

    static Healthcheck fromJson(JsonNode node) {
        return new Healthcheck(SpecJson.strings(node, "test"), SpecJson.integer(node, "intervalSeconds"),
                SpecJson.integer(node, "timeoutSeconds"), SpecJson.integer(node, "retries"),
                SpecJson.integer(node, "startPeriodSeconds"));
    }
}

package io.edgefleet.agent.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The retained {@code state} payload ({@code state.schema.json}).
 *
 * @param observedGeneration the desired-state generation the agent has applied; 0 until it handles desired state
 * @param reportedAt         when the report was built
 * @param agentVersion       the agent's version
 * @param facts              the machine's facts
 * @param apps               the apps the agent runs (none until it handles desired state)
 * @param containers         the containers the agent manages (none until it handles desired state)
 */
public record StateReport(long observedGeneration, Instant reportedAt, String agentVersion, Facts facts,
                          List<JsonNode> apps, List<JsonNode> containers) {

    public StateReport {
        reportedAt = reportedAt.truncatedTo(ChronoUnit.MILLIS);
        apps = List.copyOf(apps);
        containers = List.copyOf(containers);
    }

    /** A report of facts alone, before the agent manages any app. */
    public static StateReport ofFacts(Instant reportedAt, Facts facts) {
        return new StateReport(0, reportedAt, facts.agentVersion(), facts, List.of(), List.of());
    }
}

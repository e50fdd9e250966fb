package io.edgefleet.agent.payload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The retained {@code state} payload ({@code state.schema.json}).
 *
 * @param observedGeneration the generation of the newest desired document the agent has fully processed; 0 before
 * @param reportedAt         when the report was built
 * @param agentVersion       the agent's version
 * @param facts              the machine's facts
 * @param apps               the apps of the desired document and those being removed
 * @param containers         every container on the engine, managed or not
 */
public record StateReport(long observedGeneration, Instant reportedAt, String agentVersion, Facts facts,
                          List<AppStatus> apps, List<ContainerReport> containers) {

    public StateReport {
        reportedAt = reportedAt.truncatedTo(ChronoUnit.MILLIS);
        apps = List.copyOf(apps);
        containers = List.copyOf(containers);
    }

    /** A report of facts alone, before the agent knows anything about apps and containers. */
    public static StateReport ofFacts(Instant reportedAt, Facts facts) {
        return new StateReport(0, reportedAt, facts.agentVersion(), facts, List.of(), List.of());
    }

    /**
     * What decides whether the state must be published again: everything but the report time, Docker's human
     * status texts and the jitter of free disk space.
     */
    public boolean differsMateriallyFrom(StateReport previous) {
        return previous == null || observedGeneration != previous.observedGeneration
                || facts.differsMateriallyFrom(previous.facts) || !apps.equals(previous.apps)
                || !withoutStatusTexts(containers).equals(withoutStatusTexts(previous.containers));
    }

    private static List<ContainerReport> withoutStatusTexts(List<ContainerReport> containers) {
        return containers.stream().map(ContainerReport::withoutStatusText).toList();
    }
}

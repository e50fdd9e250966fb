package io.edgefleet.deployment.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.events.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final RolloutPlanner planner = new RolloutPlanner();

    private static RolloutStrategy strategy(String json) {
        return RolloutStrategy.fromJson(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Rollout rollout(RolloutStrategy strategy, boolean canary) {
        return new Rollout(UUID.randomUUID(), "acme", "web", 2, strategy, RolloutState.RUNNING, canary, null, 0, null,
                "user:x", NOW, NOW);
    }

    private static List<Target> pending(int count, int canary) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(new Target("ep-" + i, i, i < canary, 1, TargetState.PENDING, null, null, null));
        }
        return targets;
    }

    private static Map<String, EndpointStatus> online(int count, String phase, Integer revision) {
        Map<String, EndpointStatus> statuses = new HashMap<>();
        for (int i = 0; i < count; i++) {
            statuses.put("ep-" + i, new EndpointStatus("ep-" + i, true, ZoneOffset.UTC,
                    Map.of("web", new EndpointStatus.AppReport(revision, phase, null)), NOW));
        }
        return statuses;
    }

    @Test
    void aRollingBatchNeverExceedsMaxUnavailable() {
        Rollout rollout = rollout(strategy("{\"strategy\":\"rolling\",\"batchSize\":3,\"maxUnavailable\":2}"), false);

        RolloutPlanner.Step step = planner.plan(rollout, pending(5, 0), online(5, "Running", 1), NOW);

        assertThat(step.changed()).extracting(Target::endpoint).containsExactly("ep-0", "ep-1");
        assertThat(step.changed()).allMatch(t -> t.state() == TargetState.UPDATING);
    }

    @Test
    void noNewBatchStartsWhileOneIsUpdatingOrDuringThePause() {
        Rollout rollout = rollout(strategy("{\"strategy\":\"rolling\",\"batchSize\":1,\"pauseSeconds\":60}"), false);
        List<Target> targets = pending(3, 0);
        targets.set(0, targets.get(0).moveTo(TargetState.UPDATING, null, NOW.minusSeconds(5)));

        assertThat(planner.plan(rollout, targets, online(3, "Starting", 2), NOW).changed()).isEmpty();

        Map<String, EndpointStatus> first = online(3, "Running", 1);
        first.put("ep-0", online(1, "Running", 2).get("ep-0"));
        RolloutPlanner.Step done = planner.plan(rollout, targets, first, NOW);
        assertThat(done.changed()).extracting(Target::state).containsExactly(TargetState.SUCCEEDED);

        List<Target> after = new ArrayList<>(targets);
        after.set(0, done.changed().get(0));
        assertThat(planner.plan(rollout, after, first, NOW.plusSeconds(30)).changed()).as("pausing").isEmpty();
        assertThat(planner.plan(rollout, after, first, NOW.plusSeconds(61)).changed())
                .extracting(Target::endpoint).containsExactly("ep-1");
    }

    @Test
    void moreFailuresThanTheThresholdApplyThePolicy() {
        List<Target> targets = pending(3, 1);
        targets.set(0, targets.get(0).moveTo(TargetState.UPDATING, null, NOW));
        Map<String, EndpointStatus> statuses = online(3, "Running", 1);
        statuses.put("ep-0", online(1, "Failed", 2).get("ep-0"));

        RolloutPlanner.Step paused = planner.plan(rollout(strategy("{\"strategy\":\"canary\"}"), true), targets,
                statuses, NOW);
        assertThat(paused.rollout().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.released(targets)).isEmpty();

        RolloutPlanner.Step rolledBack = planner.plan(rollout(strategy(
                "{\"strategy\":\"canary\",\"failurePolicy\":\"rollback\"}"), true), targets, statuses, NOW);
        assertThat(rolledBack.rollout().state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(rolledBack.rollbackTo()).isEqualTo(Optional.of(1));

        RolloutPlanner.Step tolerated = planner.plan(rollout(strategy(
                "{\"strategy\":\"canary\",\"failureThreshold\":1}"), true), targets, statuses, NOW);
        assertThat(tolerated.rollout().state()).as("the canary is done, failure tolerated").isEqualTo(RolloutState.AWAITING_PROMOTION);
    }

    @Test
    void anUpdatingEndpointPastTheDeadlineIsStuckWithWhatItIsDoing() {
        Rollout rollout = rollout(strategy("{\"deadlineSeconds\":60,\"failureThreshold\":5}"), false);
        List<Target> targets = pending(1, 0);
        targets.set(0, targets.get(0).moveTo(TargetState.UPDATING, null, NOW.minusSeconds(61)));

        RolloutPlanner.Step step = planner.plan(rollout, targets, online(1, "Pulling", 2), NOW);

        assertThat(step.changed().get(0).state()).isEqualTo(TargetState.STUCK);
        assertThat(step.changed().get(0).reason()).contains("60 s").contains("revision 2 Pulling");
        assertThat(step.rollout().state()).isEqualTo(RolloutState.FAILED);
    }

    @Test
    void anAutomaticCanaryIsPromotedOnlyAfterStayingHealthy() {
        Rollout rollout = rollout(strategy("{\"strategy\":\"canary\",\"canary\":{\"promote\":\"auto\",\"healthySeconds\":30}}"),
                true);
        List<Target> targets = pending(2, 1);
        targets.set(0, targets.get(0).moveTo(TargetState.SUCCEEDED, null, NOW));
        Map<String, EndpointStatus> statuses = online(2, "Running", 1);
        statuses.put("ep-0", online(1, "Running", 2).get("ep-0"));

        Rollout watching = planner.plan(rollout, targets, statuses, NOW).rollout();
        assertThat(watching.canaryPhase()).isTrue();
        assertThat(watching.canaryHealthyAt()).isEqualTo(NOW);
        assertThat(planner.plan(watching, targets, statuses, NOW.plusSeconds(31)).rollout().canaryPhase()).isFalse();
    }
}

package io.edgefleet.deployment.rollout;

import io.edgefleet.deployment.rollout.RolloutStrategy.FailurePolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the next step of a rollout from its targets and what the agents report; pure, so that every rule can be
 * tested without a database or a clock. One step:
 * <ol>
 *   <li>observes: an updating endpoint whose agent reports the new revision Running succeeded, Failed failed, and
 *       one still not Running after the deadline is stuck with what it is doing as the reason; an endpoint that
 *       succeeded but then reports the new revision Failed failed after all;</li>
 *   <li>applies the failure policy once more endpoints failed than the threshold allows (pause, roll back, continue);</li>
 *   <li>while running and no batch is in progress (and the pause after the last one has passed), starts the next
 *       batch: in position order, skipping or holding offline endpoints per policy and holding those outside their
 *       maintenance window, up to the batch size;</li>
 *   <li>ends the canary phase by promotion (automatic once the canary stayed Running long enough, else it waits in
 *       awaiting-promotion), and finishes the rollout once every endpoint is done.</li>
 * </ol>
 */
public final class RolloutPlanner {

    /**
     * The outcome of a step.
     *
     * @param rollout     the rollout after the step (the same object when nothing about it changed)
     * @param changed     targets whose state changed, in position order
     * @param rollbackTo  the revision to roll back to when the failure policy says so; empty otherwise
     */
    public record Step(Rollout rollout, List<Target> changed, Optional<Integer> rollbackTo) {

        /** Endpoints that no longer keep their old revision after this step: their desired documents change. */
        public List<String> released(List<Target> before) {
            Map<String, Target> old = new LinkedHashMap<>();
            before.forEach(t -> old.put(t.endpoint(), t));
            return changed.stream().filter(t -> old.get(t.endpoint()).state().holdsOldRevision()
                    && !t.state().holdsOldRevision()).map(Target::endpoint).toList();
        }
    }

    /** Plans one step of {@code rollout} at {@code now}; {@code statuses} has an entry for every known endpoint. */
    public Step plan(Rollout rollout, List<Target> targets, Map<String, EndpointStatus> statuses, Instant now) {
        Map<String, Target> current = new LinkedHashMap<>();
        targets.stream().sorted(Comparator.comparingInt(Target::position)).forEach(t -> current.put(t.endpoint(), t));
        Map<String, Target> changed = new LinkedHashMap<>();
        if (!rollout.state().inProgress()) {
            return new Step(rollout, List.of(), Optional.empty());
        }
        observe(rollout, current, changed, statuses, now);
        Rollout next = rollout;
        Optional<Integer> rollbackTo = Optional.empty();
        List<Target> failures = current.values().stream().filter(t -> t.state().isFailure()).toList();
        int counted = failures.size() - rollout.acceptedFailures();
        RolloutStrategy strategy = rollout.strategy();
        if (next.state() != RolloutState.PAUSED && counted > strategy.failureThreshold()
                && strategy.failurePolicy() != FailurePolicy.CONTINUE) {
            String why = failures.size() + " endpoint(s) failed, more than the failure threshold of "
                    + strategy.failureThreshold() + " allows; " + describe(failures.get(0));
            if (strategy.failurePolicy() == FailurePolicy.PAUSE) {
                next = next.withState(RolloutState.PAUSED, why);
            } else {
                next = next.withState(RolloutState.ROLLED_BACK, why + "; rolled back to revision "
                        + failures.get(0).fromRevision());
                rollbackTo = Optional.of(failures.get(0).fromRevision());
            }
            return new Step(next, List.copyOf(changed.values()), rollbackTo);
        }
        if (next.state() == RolloutState.RUNNING) {
            startBatch(next, current, changed, statuses, now);
            next = promoteOrFinish(next, current, statuses, now);
        }
        return new Step(next, List.copyOf(changed.values()), rollbackTo);
    }

    private void observe(Rollout rollout, Map<String, Target> current, Map<String, Target> changed,
                         Map<String, EndpointStatus> statuses, Instant now) {
        for (Target target : List.copyOf(current.values())) {
            EndpointStatus status = statuses.getOrDefault(target.endpoint(),
                    EndpointStatus.unknown(target.endpoint(), ZoneOffset.UTC));
            Optional<EndpointStatus.AppReport> report = status.app(rollout.app())
                    .filter(r -> Objects.equals(r.revision(), rollout.revision()));
            Target next = target;
            if (target.state() == TargetState.UPDATING) {
                if (report.isPresent() && "Running".equals(report.get().phase())) {
                    next = target.moveTo(TargetState.SUCCEEDED, null, now);
                } else if (report.isPresent() && "Failed".equals(report.get().phase())) {
                    next = target.moveTo(TargetState.FAILED, message(report.get()), now);
                } else if (!now.isBefore(target.startedAt().plus(rollout.strategy().deadline()))) {
                    next = target.moveTo(TargetState.STUCK, stuckReason(rollout, status), now);
                }
            } else if (target.state() == TargetState.SUCCEEDED && report.isPresent()
                    && "Failed".equals(report.get().phase())) {
                next = target.moveTo(TargetState.FAILED, "failed after it ran: " + message(report.get()), now);
            }
            put(current, changed, target, next);
        }
    }

    private void startBatch(Rollout rollout, Map<String, Target> current, Map<String, Target> changed,
                            Map<String, EndpointStatus> statuses, Instant now) {
        List<Target> all = List.copyOf(current.values());
        if (all.stream().anyMatch(t -> t.state() == TargetState.UPDATING)) {
            return;
        }
        RolloutStrategy strategy = rollout.strategy();
        Optional<Instant> lastFinished = all.stream().filter(t -> t.state().isFinished()
                && t.state() != TargetState.SKIPPED).map(Target::finishedAt).max(Comparator.naturalOrder());
        if (lastFinished.isPresent() && now.isBefore(lastFinished.get().plus(strategy.pause()))) {
            return;
        }
        int slots = rollout.canaryPhase() ? strategy.canarySize(all.size()) : strategy.batch(all.size());
        for (Target target : all) {
            if (slots == 0) {
                break;
            }
            if (!target.state().holdsOldRevision() || (rollout.canaryPhase() && !target.canary())) {
                continue;
            }
            EndpointStatus status = statuses.getOrDefault(target.endpoint(),
                    EndpointStatus.unknown(target.endpoint(), ZoneOffset.UTC));
            Target next;
            if (!status.online() && strategy.waitForOffline()) {
                next = moveIfNew(target, TargetState.WAITING, "offline; waits until the endpoint is back", now);
            } else if (!status.online()) {
                next = target.moveTo(TargetState.SKIPPED, "offline; told the new revision, converges when it returns", now);
            } else if (strategy.window().isPresent()
                    && !strategy.window().get().isOpen(ZonedDateTime.ofInstant(now, status.zone()))) {
                ZonedDateTime opens = strategy.window().get().nextOpening(ZonedDateTime.ofInstant(now, status.zone()));
                next = moveIfNew(target, TargetState.WAITING, "outside the maintenance window; it opens at "
                        + opens.toOffsetDateTime() + " (" + status.zone() + ")", now);
            } else {
                next = target.moveTo(TargetState.UPDATING, null, now);
                slots--;
            }
            put(current, changed, target, next);
        }
    }

    private Rollout promoteOrFinish(Rollout rollout, Map<String, Target> current, Map<String, EndpointStatus> statuses,
                                    Instant now) {
        List<Target> all = List.copyOf(current.values());
        if (rollout.canaryPhase()) {
            List<Target> canary = all.stream().filter(Target::canary).toList();
            if (!canary.stream().allMatch(t -> t.state().isFinished())) {
                return rollout;
            }
            if (canary.size() == all.size()) {
                return finish(rollout.withCanaryPhase(false, rollout.canaryHealthyAt()), all);
            }
            if (!rollout.strategy().autoPromote()) {
                return rollout.withState(RolloutState.AWAITING_PROMOTION, "the canary of " + canary.size()
                        + " endpoint(s) is done; promote the rollout to go on");
            }
            boolean healthy = canary.stream().allMatch(t -> t.state() == TargetState.SKIPPED
                    || statuses.getOrDefault(t.endpoint(), EndpointStatus.unknown(t.endpoint(), ZoneOffset.UTC))
                    .app(rollout.app()).filter(r -> Objects.equals(r.revision(), rollout.revision())
                            && "Running".equals(r.phase())).isPresent());
            if (!healthy) {
                return rollout.canaryHealthyAt() == null ? rollout : rollout.withCanaryPhase(true, null);
            }
            Instant since = rollout.canaryHealthyAt() == null ? now : rollout.canaryHealthyAt();
            if (now.isBefore(since.plus(rollout.strategy().canaryHealthy()))) {
                return since.equals(rollout.canaryHealthyAt()) ? rollout : rollout.withCanaryPhase(true, since);
            }
            return rollout.withCanaryPhase(false, since).withState(RolloutState.RUNNING, "promoted automatically: the canary"
                    + " stayed Running for " + rollout.strategy().canaryHealthy().toSeconds() + " s");
        }
        return finish(rollout, all);
    }

    private static Rollout finish(Rollout rollout, List<Target> all) {
        if (!all.stream().allMatch(t -> t.state().isFinished())) {
            return rollout;
        }
        long failed = all.stream().filter(t -> t.state().isFailure()).count();
        return failed == 0 ? rollout.withState(RolloutState.SUCCEEDED, null)
                : rollout.withState(RolloutState.FAILED, failed + " endpoint(s) failed");
    }

    private static Target moveIfNew(Target target, TargetState state, String reason, Instant now) {
        return target.state() == state && Objects.equals(target.reason(), reason) ? target
                : target.moveTo(state, reason, now);
    }

    private static void put(Map<String, Target> current, Map<String, Target> changed, Target before, Target after) {
        if (after != before) {
            current.put(after.endpoint(), after);
            changed.put(after.endpoint(), after);
        }
    }

    private static String stuckReason(Rollout rollout, EndpointStatus status) {
        String deadline = "not Running after " + rollout.strategy().deadline().toSeconds() + " s: ";
        if (!status.online()) {
            return deadline + (status.presenceAt() == null ? "the endpoint was never online"
                    : "the endpoint is offline since " + status.presenceAt());
        }
        return deadline + status.app(rollout.app())
                .map(r -> "the agent reports revision " + r.revision() + " " + r.phase()
                        + (r.message() == null ? "" : " (" + r.message() + ")"))
                .orElse("the agent has not reported the app");
    }

    private static String message(EndpointStatus.AppReport report) {
        return report.message() == null ? "the agent reports " + report.phase() : report.message();
    }

    private static String describe(Target failed) {
        return failed.endpoint() + " " + failed.state().wire() + (failed.reason() == null ? "" : ": " + failed.reason());
    }
}

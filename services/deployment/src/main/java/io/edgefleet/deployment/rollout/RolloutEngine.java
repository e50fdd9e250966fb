package io.edgefleet.deployment.rollout;

import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.desired.DesiredCompiler;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives rollouts inside the caller's transaction (which holds the tenant's lock): starts the rollout of a new
 * revision, and steps a tenant's rollouts forward with the {@link RolloutPlanner}, storing what changed, queueing a
 * {@code rollout.progressed} event per change and recompiling the desired documents of the endpoints released from
 * their old revision. {@link RolloutTicker} calls it periodically and when agents report; the API calls it for
 * pause, resume, abort and promote.
 */
public final class RolloutEngine {

    /** Makes a copy of an earlier revision the app's next one, in the caller's transaction (a failure policy). */
    @FunctionalInterface
    public interface Rollback {
        Future<?> rollback(SqlConnection tx, String tenant, String app, int revision, String createdBy);
    }

    private final RolloutStore store;
    private final RolloutStarter starter = new RolloutStarter();
    private final RolloutPlanner planner = new RolloutPlanner();
    private final DesiredCompiler compiler;
    private final Clock clock;
    private Rollback rollback;

    public RolloutEngine(RolloutStore store, DesiredCompiler compiler, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sets how a failure policy rolls back; the app store that does it is built after this engine. */
    public void rollbackWith(Rollback rollback) {
        this.rollback = Objects.requireNonNull(rollback, "rollback");
    }

    public RolloutStore store() {
        return store;
    }

    /**
     * Supersedes the app's rollout in progress and starts the new revision's, taking its first step; the caller
     * compiles the tenant's desired documents afterwards.
     */
    public Future<Void> start(SqlConnection tx, App next, String createdBy) {
        Instant now = now();
        return store.inProgress(tx, next.tenant()).compose(running -> {
            Future<Void> chain = Future.succeededFuture();
            for (Rollout old : running.stream().filter(r -> r.app().equals(next.name())).toList()) {
                Rollout superseded = old.withState(RolloutState.SUPERSEDED, "revision " + next.revision() + " replaced it");
                chain = chain.compose(v -> store.save(tx, superseded, List.of(), now))
                        .compose(v -> store.targets(tx, old.id()))
                        .compose(targets -> RolloutEvents.emit(tx, superseded, null, targets));
            }
            return chain;
        }).compose(v -> starter.plan(tx, next, createdBy, now)).compose(plan -> {
            if (plan == null) {
                return Future.succeededFuture();
            }
            return store.insert(tx, plan.rollout(), plan.targets())
                    .compose(v -> RolloutEvents.emit(tx, plan.rollout(), null, plan.targets()))
                    .compose(v -> step(tx, plan.rollout(), now)).mapEmpty();
        });
    }

    /** Steps every rollout in progress of the tenant. */
    public Future<Void> stepTenant(SqlConnection tx, String tenant) {
        Instant now = now();
        return store.inProgress(tx, tenant).compose(rollouts -> {
            Future<Void> chain = Future.succeededFuture();
            for (Rollout rollout : rollouts) {
                chain = chain.compose(v -> step(tx, rollout, now)).compose(released -> released.isEmpty()
                        ? Future.succeededFuture() : compiler.recompute(tx, tenant, released).mapEmpty());
            }
            return chain;
        });
    }

    /**
     * Applies an operator's action to the app's rollout in progress and steps it.
     *
     * @return the rollout after the action; empty when the app has no rollout in progress
     * @throws IllegalStateException (failed future) when the action does not fit the rollout's state
     */
    public Future<Optional<Rollout>> control(SqlConnection tx, String tenant, String app, Action action) {
        Instant now = now();
        return store.inProgress(tx, tenant).compose(rollouts -> {
            Optional<Rollout> found = rollouts.stream().filter(r -> r.app().equals(app)).findFirst();
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Rollout rollout = found.get();
            return store.targets(tx, rollout.id()).compose(targets -> {
                Rollout next = action.apply(rollout, targets);
                return store.save(tx, next, List.of(), now)
                        .compose(v -> RolloutEvents.emit(tx, next, null, targets))
                        .compose(v -> step(tx, next, now))
                        .compose(released -> released.isEmpty() ? Future.succeededFuture()
                                : compiler.recompute(tx, tenant, released).mapEmpty())
                        .compose(v -> store.byId(tx, tenant, rollout.id()));
            });
        });
    }

    /** Pause, resume, abort or promote. */
    public enum Action {
        PAUSE, RESUME, ABORT, PROMOTE;

        Rollout apply(Rollout rollout, List<Target> targets) {
            RolloutState state = rollout.state();
            return switch (this) {
                case PAUSE -> {
                    require(state == RolloutState.RUNNING || state == RolloutState.AWAITING_PROMOTION, rollout);
                    yield rollout.withState(RolloutState.PAUSED, "paused by an operator");
                }
                case RESUME -> {
                    require(state == RolloutState.PAUSED, rollout);
                    int failures = (int) targets.stream().filter(t -> t.state().isFailure()).count();
                    // failures seen before the resume were judged by the operator; the policy counts new ones
                    yield rollout.withAcceptedFailures(failures).withState(
                            rollout.canaryPhase() && !rollout.strategy().autoPromote()
                                    && targets.stream().filter(Target::canary).allMatch(t -> t.state().isFinished())
                                    ? RolloutState.AWAITING_PROMOTION : RolloutState.RUNNING, "resumed by an operator");
                }
                case ABORT -> rollout.withState(RolloutState.ABORTED, "aborted by an operator; endpoints not yet"
                        + " updated keep the revision they run");
                case PROMOTE -> {
                    require(rollout.canaryPhase() && (state == RolloutState.RUNNING
                            || state == RolloutState.AWAITING_PROMOTION), rollout);
                    yield rollout.withCanaryPhase(false, rollout.canaryHealthyAt())
                            .withState(RolloutState.RUNNING, "promoted by an operator");
                }
            };
        }

        private void require(boolean allowed, Rollout rollout) {
            if (!allowed) {
                throw new IllegalStateException("cannot " + name().toLowerCase(java.util.Locale.ROOT) + " a rollout that is "
                        + rollout.state().wire() + (rollout.canaryPhase() ? " in its canary phase" : ""));
            }
        }
    }

    /** One planner step of one rollout; answers the endpoints released from their old revision. */
    private Future<List<String>> step(SqlConnection tx, Rollout rollout, Instant now) {
        return store.targets(tx, rollout.id()).compose(targets -> store.statuses(tx, rollout.tenant(),
                targets.stream().map(Target::endpoint).toList()).compose(statuses -> {
                    RolloutPlanner.Step step = planner.plan(rollout, targets, statuses, now);
                    boolean rolloutChanged = step.rollout() != rollout;
                    if (!rolloutChanged && step.changed().isEmpty()) {
                        return Future.succeededFuture(List.<String>of());
                    }
                    List<Target> after = merge(targets, step.changed());
                    boolean stateChanged = rolloutChanged && step.rollout().state() != rollout.state();
                    Future<Void> chain = store.save(tx, step.rollout(), step.changed(), now)
                            .compose(v -> RolloutEvents.emitAll(tx, step.rollout(), step.changed(), stateChanged, after));
                    if (step.rollbackTo().isPresent()) {
                        return chain.compose(v -> rollback.rollback(tx, rollout.tenant(), rollout.app(),
                                step.rollbackTo().get(), "rollout:" + rollout.id())).map(List.<String>of());
                    }
                    return chain.map(step.released(targets));
                }));
    }

    private static List<Target> merge(List<Target> targets, List<Target> changed) {
        Map<String, Target> byEndpoint = new HashMap<>();
        changed.forEach(t -> byEndpoint.put(t.endpoint(), t));
        List<Target> merged = new ArrayList<>(targets.size());
        targets.forEach(t -> merged.add(byEndpoint.getOrDefault(t.endpoint(), t)));
        return merged;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

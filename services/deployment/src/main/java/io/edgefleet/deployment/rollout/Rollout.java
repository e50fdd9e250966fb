package io.edgefleet.deployment.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * A rollout of one app revision across the endpoints that ran an earlier one.
 *
 * @param canaryPhase      true while only the canary endpoints may start
 * @param acceptedFailures failures a resume accepted; the failure policy counts only those beyond
 * @param canaryHealthyAt  since when every canary endpoint has been Running, for automatic promotion
 */
public record Rollout(UUID id, String tenant, String app, int revision, RolloutStrategy strategy, RolloutState state,
                      boolean canaryPhase, String reason, int acceptedFailures, Instant canaryHealthyAt,
                      String createdBy, Instant createdAt, Instant updatedAt) {

    public Rollout withState(RolloutState next, String why) {
        return new Rollout(id, tenant, app, revision, strategy, next, canaryPhase, why, acceptedFailures,
                canaryHealthyAt, createdBy, createdAt, updatedAt);
    }

    public Rollout withCanaryPhase(boolean canary, Instant healthyAt) {
        return new Rollout(id, tenant, app, revision, strategy, state, canary, reason, acceptedFailures, healthyAt,
                createdBy, createdAt, updatedAt);
    }

    public Rollout withAcceptedFailures(int accepted) {
        return new Rollout(id, tenant, app, revision, strategy, state, canaryPhase, reason, accepted, canaryHealthyAt,
                createdBy, createdAt, updatedAt);
    }
}

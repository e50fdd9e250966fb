package io.edgefleet.deployment.rollout;

import java.time.Instant;

/**
 * One endpoint of a rollout.
 *
 * @param position     order in which endpoints are taken (canary endpoints first)
 * @param fromRevision the revision the endpoint ran when the rollout started
 * @param reason       why it is in this state; {@code null} when there is nothing to say
 */
public record Target(String endpoint, int position, boolean canary, int fromRevision, TargetState state, String reason,
                     Instant startedAt, Instant finishedAt) {

    /** The target in another state; entering UPDATING stamps the start, a finished state the end. */
    public Target moveTo(TargetState next, String why, Instant now) {
        Instant started = next == TargetState.UPDATING || next == TargetState.SKIPPED ? now : startedAt;
        Instant finished = next.isFinished() ? now : null;
        return new Target(endpoint, position, canary, fromRevision, next, why, started, finished);
    }
}

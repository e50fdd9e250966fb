package io.edgefleet.deployment.rollout;

import java.util.Locale;

/** Where one endpoint stands in a rollout. */
public enum TargetState {
    /** Not taken yet; keeps the revision it ran. */
    PENDING,
    /** Its turn came but it is offline (policy wait) or outside its maintenance window; keeps its revision. */
    WAITING,
    /** Told the new revision; the rollout waits for the agent to report it Running. */
    UPDATING,
    SUCCEEDED,
    /** The agent reported the new revision Failed. */
    FAILED,
    /** Still not Running when the deadline passed; counts as failed. */
    STUCK,
    /** Offline when its turn came (policy skip): told the new revision, not waited for. */
    SKIPPED;

    /** Whether the endpoint keeps the revision it ran before the rollout. */
    public boolean holdsOldRevision() {
        return this == PENDING || this == WAITING;
    }

    public boolean isFailure() {
        return this == FAILED || this == STUCK;
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == STUCK || this == SKIPPED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetState fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

package io.edgefleet.deployment.rollout;

import java.util.Locale;

/** Where a rollout stands. */
public enum RolloutState {
    RUNNING, PAUSED, AWAITING_PROMOTION, SUCCEEDED, FAILED, ABORTED, ROLLED_BACK, SUPERSEDED;

    /** Whether the rollout still tracks its endpoints and may go on. */
    public boolean inProgress() {
        return this == RUNNING || this == PAUSED || this == AWAITING_PROMOTION;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RolloutState fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

package io.edgefleet.agent.desired;

import com.fasterxml.jackson.annotation.JsonValue;

/** When the agent pulls an app's image. */
public enum PullPolicy {
    /** Pull only when the engine does not hold the image yet (the default). */
    IF_NOT_PRESENT("ifNotPresent"),
    /** Pull on every create, so a moved tag is followed. */
    ALWAYS("always"),
    /** Never pull: the image must already be on the machine. */
    NEVER("never");

    private final String wire;

    PullPolicy(String wire) {
        this.wire = wire;
    }

    /** The name in the desired document. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The policy named {@code wire} in the desired document; {@code null} gives the default. */
    public static PullPolicy fromWire(String wire) {
        if (wire == null) {
            return IF_NOT_PRESENT;
        }
        for (PullPolicy policy : values()) {
            if (policy.wire.equals(wire)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown pullPolicy '" + wire + "'");
    }
}

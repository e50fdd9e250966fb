package io.edgefleet.deployment.command;

import java.util.Arrays;
import java.util.Optional;

/** The container operations the API offers, each a {@code command.schema.json} type the agent executes. */
public enum CommandType {
    START("start"),
    STOP("stop"),
    KILL("kill"),
    RESTART("restart"),
    PAUSE("pause"),
    RESUME("resume"),
    REMOVE("remove"),
    LOGS("logs"),
    INSPECT("inspect");

    private final String action;

    CommandType(String action) {
        this.action = action;
    }

    /** The last path segment of {@code .../containers/{c}/actions/{action}} (or {@code logs}, {@code inspect}). */
    public String action() {
        return action;
    }

    /** The command type on the wire, e.g. {@code container.stop}. */
    public String wireName() {
        return "container." + action;
    }

    /** The operation {@code POST .../actions/{action}} names; logs and inspect have routes of their own. */
    public static Optional<CommandType> ofAction(String action) {
        return Arrays.stream(values()).filter(t -> t != LOGS && t != INSPECT && t.action.equals(action)).findFirst();
    }
}

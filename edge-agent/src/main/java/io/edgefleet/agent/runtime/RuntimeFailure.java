package io.edgefleet.agent.runtime;

/**
 * A container operation the engine refused or could not do. The message is meant for an operator (it ends up in
 * a command reply or an app's status), so it names the container or image and the engine's reason.
 */
public final class RuntimeFailure extends RuntimeException {

    /** What went wrong, so that callers can react without parsing messages. */
    public enum Kind {
        /** The container, image, network or volume does not exist. */
        NOT_FOUND,
        /** The operation clashes with the current state: the name is taken, the container is not running... */
        CONFLICT,
        /** The engine refused the request's parameters. */
        INVALID,
        /** The image could not be pulled; the message carries the registry's reason. */
        PULL_FAILED,
        /** Not enough disk space for the operation. */
        NO_SPACE,
        /** The engine failed or cannot be reached. */
        ENGINE
    }

    private final Kind kind;

    public RuntimeFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RuntimeFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind + ": " + getMessage();
    }
}

package io.edgefleet.broker.auth;

/** The registry's auth API could not give an answer: unreachable, too slow, an error status or a malformed body. */
public final class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

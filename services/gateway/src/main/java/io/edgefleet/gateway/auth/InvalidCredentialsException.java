package io.edgefleet.gateway.auth;

/** The presented token is not valid (bad signature, expired, revoked, unknown, malformed): the caller gets 401. */
public final class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException(String message) {
        super(message, null, false, false);
    }
}

package io.edgefleet.gateway.auth;

/** A token could not be checked because the tenancy service cannot be reached: the caller gets 503. */
public final class AuthUnavailableException extends RuntimeException {

    public AuthUnavailableException(String message) {
        super(message, null, false, false);
    }
}

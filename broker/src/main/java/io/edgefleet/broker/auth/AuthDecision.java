package io.edgefleet.broker.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry's answer to one set of credentials.
 *
 * @param identity  who the client is when the credentials are accepted; empty when they are refused
 * @param expiresAt when accepted credentials stop working (integration keys with an expiry); empty when they do not
 *                  expire or were refused
 */
public record AuthDecision(Optional<Identity> identity, Optional<Instant> expiresAt) {

    private static final AuthDecision DENY = new AuthDecision(Optional.empty(), Optional.empty());

    public AuthDecision {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (identity.isEmpty() && expiresAt.isPresent()) {
            throw new IllegalArgumentException("a refusal has no expiry");
        }
    }

    /** @return the decision that accepts {@code identity} for as long as the credentials exist */
    public static AuthDecision allow(Identity identity) {
        return new AuthDecision(Optional.of(identity), Optional.empty());
    }

    /** @return the decision that accepts {@code identity} until {@code expiresAt} */
    public static AuthDecision allowUntil(Identity identity, Instant expiresAt) {
        return new AuthDecision(Optional.of(identity), Optional.of(expiresAt));
    }

    /** @return the decision that refuses the credentials */
    public static AuthDecision deny() {
        return DENY;
    }

    /** @return whether the credentials were accepted */
    public boolean allowed() {
        return identity.isPresent();
    }

    /** @return whether the credentials had expired at {@code now} */
    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }
}

package io.edgefleet.broker.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The registry's answer to one set of credentials.
 *
 * @param identity who the client is when the credentials are accepted; empty when they are refused
 */
public record AuthDecision(Optional<Identity> identity) {

    private static final AuthDecision DENY = new AuthDecision(Optional.empty());

    public AuthDecision {
        Objects.requireNonNull(identity, "identity");
    }

    /** @return the decision that accepts {@code identity} */
    public static AuthDecision allow(Identity identity) {
        return new AuthDecision(Optional.of(identity));
    }

    /** @return the decision that refuses the credentials */
    public static AuthDecision deny() {
        return DENY;
    }

    /** @return whether the credentials were accepted */
    public boolean allowed() {
        return identity.isPresent();
    }
}

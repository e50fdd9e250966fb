package io.edgefleet.tenancy.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.tenancy.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/** Issues the short-lived ES256 access tokens: claims {@code sub, email, platformAdmin, memberships, iat, exp, jti}. */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final String ISSUER = "edgefleet-tenancy";

    private final SigningKey key;
    private final Clock clock;

    public AccessTokens(SigningKey key, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String issue(User user) {
        Instant now = clock.instant();
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.put("iss", ISSUER).put("sub", user.id().toString()).put("email", user.email())
                .put("platformAdmin", user.platformAdmin());
        ObjectNode memberships = claims.putObject("memberships");
        new TreeMap<>(user.memberships()).forEach(memberships::put);
        claims.put("iat", now.getEpochSecond()).put("exp", now.plus(LIFETIME).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        return Jwt.sign(claims, key.privateKey(), key.kid());
    }

    public SigningKey key() {
        return key;
    }
}

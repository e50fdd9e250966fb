package io.edgefleet.tenancy.auth;

import io.edgefleet.tenancy.user.User;
import io.edgefleet.tenancy.user.UserStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Issues the short-lived ES256 access tokens with vertx-auth-jwt: header {@code alg ES256, typ JWT, kid}; claims
 * {@code iss, sub, email, platformAdmin, memberships} (tenant → role), {@code tenantsCreatedAt} (tenant → creation
 * time in epoch milliseconds, which ties each membership to one incarnation of the tenant), {@code iat,
 * issuedAtMillis} (the gateway compares it with the user's session revocations), {@code exp, jti}.
 */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final String ISSUER = "edgefleet-tenancy";
    static final String ALGORITHM = "ES256";

    private final SigningKey key;
    private final Clock clock;
    private final JWTAuth signer;

    public AccessTokens(Vertx vertx, SigningKey key, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm(ALGORITHM).setId(key.kid()).setBuffer(key.privatePem())));
    }

    /** A token without tenant creation times: its memberships grant nothing at the gateway (tests, tools). */
    public String issue(User user) {
        return issue(user, Map.of());
    }

    /** @param tenantsCreatedAt when each of the user's tenants was created ({@link UserStore#tenantsCreatedAt}) */
    public String issue(User user, Map<String, Instant> tenantsCreatedAt) {
        Instant now = clock.instant();
        JsonObject memberships = new JsonObject();
        new TreeMap<>(user.memberships()).forEach(memberships::put);
        JsonObject created = new JsonObject();
        new TreeMap<>(tenantsCreatedAt).forEach((tenant, at) -> created.put(tenant, at.toEpochMilli()));
        JsonObject claims = new JsonObject()
                .put("iss", ISSUER).put("sub", user.id().toString()).put("email", user.email())
                .put("platformAdmin", user.platformAdmin()).put("memberships", memberships)
                .put("tenantsCreatedAt", created)
                .put("iat", now.getEpochSecond()).put("issuedAtMillis", now.toEpochMilli())
                .put("exp", now.plus(LIFETIME).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        // iat and exp come from this service's clock, not the library's
        return signer.generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM).setNoTimestamp(true)
                .setHeader(new JsonObject().put("kid", key.kid())));
    }

    public SigningKey key() {
        return key;
    }
}

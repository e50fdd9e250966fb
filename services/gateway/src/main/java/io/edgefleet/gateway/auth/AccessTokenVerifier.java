package io.edgefleet.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.edgefleet.gateway.access.Role;
import io.edgefleet.gateway.upstream.HttpExchange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the tenancy service's ES256 access tokens with vertx-auth-jwt against the public keys tenancy publishes at
 * {@code /internal/v1/jwks}: signature, algorithm, issuer and expiry. The key set is fetched on first use and again
 * when a token fails to verify and the last fetch is older than {@link #REFETCH_AFTER}, so a rotated signing key is
 * picked up without letting garbage tokens hammer tenancy.
 *
 * <p>A token that verified is remembered until its {@code exp} ({@link #CACHED_TOKENS} at most, least recently used
 * first out), so a caller's later calls skip the P-256 signature check, which was the gateway's top cost under load.
 * Revocations are not cached: the authenticator checks them on every call. Fetching a new key set forgets every
 * remembered token, so a token signed by a key tenancy dropped is checked again (and refused).
 */
public final class AccessTokenVerifier {

    public static final String ISSUER = "edgefleet-tenancy";
    static final Duration REFETCH_AFTER = Duration.ofSeconds(30);
    static final int CACHED_TOKENS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokenVerifier.class);

    private final Vertx vertx;
    private final HttpClient http;
    private final URI jwksUri;
    private final String internalToken;
    private final Clock clock;
    private JWTAuth provider;
    private Instant fetchedAt = Instant.MIN;
    private Future<JWTAuth> fetching;
    private final Cache<String, Verified> verified;

    public AccessTokenVerifier(Vertx vertx, HttpClient http, URI tenancyUrl, String internalToken, Clock clock) {
        this.vertx = vertx;
        this.http = http;
        this.jwksUri = tenancyUrl.resolve("/internal/v1/jwks");
        this.internalToken = internalToken;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHED_TOKENS)
                .expireAfter(new UntilTokenExpiry(clock))
                // expiry follows the verifier's clock (the one the tokens' exp is compared with)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** The caller a valid token names; fails with {@link InvalidCredentialsException} for any other token. */
    public Future<Caller> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return Future.succeededFuture(known.caller());
        }
        Future<JWTAuth> current = provider == null ? refetch() : Future.succeededFuture(provider);
        return current.compose(auth -> authenticate(auth, token)
                .recover(failure -> {
                    if (failure instanceof InvalidCredentialsException
                            && Duration.between(fetchedAt, clock.instant()).compareTo(REFETCH_AFTER) > 0) {
                        return refetch().compose(fresh -> authenticate(fresh, token));
                    }
                    return Future.failedFuture(failure);
                }));
    }

    private Future<Caller> authenticate(JWTAuth auth, String token) {
        return auth.authenticate(new TokenCredentials(token))
                .recover(failure -> Future.failedFuture(new InvalidCredentialsException("invalid access token")))
                .compose(user -> {
                    try {
                        Caller caller = callerOf(user.principal());
                        remember(token, caller, user.attributes());
                        return Future.succeededFuture(caller);
                    } catch (IllegalArgumentException e) {
                        return Future.failedFuture(new InvalidCredentialsException("access token claims unusable: "
                                + e.getMessage()));
                    }
                });
    }

    /**
     * Remembers a verified token until its expiry; a token without {@code exp} is verified on every call.
     * vertx-auth-jwt keeps the checked {@code exp} among the user's attributes, not in the principal.
     */
    private void remember(String token, Caller caller, JsonObject attributes) {
        if (attributes.getValue("exp") instanceof Number exp) {
            verified.put(token, new Verified(caller, Instant.ofEpochSecond(exp.longValue())));
        }
    }

    /** How many verified tokens are remembered right now (the tests look at it). */
    long rememberedTokens() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    static Caller callerOf(JsonObject claims) {
        String subject = claims.getString("sub");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("no subject");
        }
        Map<String, Role> memberships = new HashMap<>();
        Object raw = claims.getValue("memberships");
        if (raw instanceof JsonObject members) {
            for (String tenant : members.fieldNames()) {
                Role.fromWireName(String.valueOf(members.getValue(tenant)))
                        .ifPresent(role -> memberships.put(tenant, role));
            }
        }
        Map<String, Instant> tenantsCreatedAt = new HashMap<>();
        if (claims.getValue("tenantsCreatedAt") instanceof JsonObject created) {
            for (String tenant : created.fieldNames()) {
                if (created.getValue(tenant) instanceof Number millis) {
                    tenantsCreatedAt.put(tenant, Instant.ofEpochMilli(millis.longValue()));
                }
            }
        }
        if (!(claims.getValue("issuedAtMillis") instanceof Number issuedAtMillis)) {
            throw new IllegalArgumentException("no issuedAtMillis");
        }
        return new Caller(Caller.Kind.USER, subject, Optional.ofNullable(claims.getString("email")),
                Boolean.TRUE.equals(claims.getValue("platformAdmin")), memberships, tenantsCreatedAt,
                Optional.of(Instant.ofEpochMilli(issuedAtMillis.longValue())));
    }

    private Future<JWTAuth> refetch() {
        if (fetching != null) {
            return fetching;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(jwksUri.toString())
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken)
                .setConnectTimeout(5_000).setIdleTimeout(5_000);
        fetching = HttpExchange.send(http, options)
                .compose(reply -> reply.status() == 200
                        ? Future.succeededFuture(reply.body())
                        : Future.failedFuture("answered " + reply.status()))
                .map(body -> {
                    JsonArray keys = new JsonObject(body).getJsonArray("keys");
                    if (keys == null || keys.isEmpty()) {
                        throw new IllegalStateException("the key set has no keys");
                    }
                    JWTAuthOptions authOptions = new JWTAuthOptions()
                            .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setLeeway(5));
                    keys.forEach(key -> authOptions.addJwk((JsonObject) key));
                    JWTAuth fresh = JWTAuth.create(vertx, authOptions);
                    provider = fresh;
                    verified.invalidateAll();
                    fetchedAt = clock.instant();
                    LOG.info("Fetched {} signing key(s) from {}", keys.size(), jwksUri);
                    return fresh;
                })
                .recover(failure -> {
                    LOG.warn("Cannot fetch the signing keys from {}: {}", jwksUri, failure.getMessage());
                    return Future.failedFuture(new AuthUnavailableException("the signing keys cannot be fetched"));
                })
                .andThen(done -> fetching = null);
        return fetching;
    }

    private record Verified(Caller caller, Instant expiresAt) {
    }

    /** Each remembered token leaves the cache when it expires (by the verifier's clock). */
    private record UntilTokenExpiry(Clock clock) implements Expiry<String, Verified> {

        /** Access tokens live minutes; a token claiming to live longer is still checked again after a day. */
        private static final Duration LONGEST = Duration.ofDays(1);

        @Override
        public long expireAfterCreate(String token, Verified entry, long currentTime) {
            Duration left = Duration.between(clock.instant(), entry.expiresAt());
            return left.isNegative() ? 0 : (left.compareTo(LONGEST) > 0 ? LONGEST : left).toNanos();
        }

        @Override
        public long expireAfterUpdate(String token, Verified entry, long currentTime, long currentDuration) {
            return expireAfterCreate(token, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Verified entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

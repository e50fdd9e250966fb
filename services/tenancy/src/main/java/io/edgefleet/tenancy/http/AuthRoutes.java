package io.edgefleet.tenancy.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.auth.AccessTokens;
import io.edgefleet.tenancy.auth.LoginThrottle;
import io.edgefleet.tenancy.auth.RefreshTokens;
import io.edgefleet.tenancy.user.PasswordHasher;
import io.edgefleet.tenancy.user.User;
import io.edgefleet.tenancy.user.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/auth/login|refresh|logout} and the public key at {@code /internal/v1/jwks}. A wrong password and
 * an unknown email answer the same 401 after the same Argon2 work; failures are throttled per email and per source.
 */
final class AuthRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

    private final Vertx vertx;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final JsonSchemas schemas;

    AuthRoutes(Vertx vertx, UserStore users, PasswordHasher hasher, AccessTokens accessTokens,
               RefreshTokens refreshTokens, LoginThrottle throttle, JsonSchemas schemas) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.users = Objects.requireNonNull(users, "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    void mount(Router router) {
        router.post("/api/v1/auth/login").handler(Reply.of(this::login));
        router.post("/api/v1/auth/refresh").handler(Reply.of(this::refresh));
        router.post("/api/v1/auth/logout").handler(Reply.of(this::logout));
        router.get("/internal/v1/jwks").handler(Reply.of(ctx -> Future.succeededFuture(Reply.ok(accessTokens.key().jwks()))));
    }

    private Future<Reply> login(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/login-request");
        String email = body.path("email").asText();
        String password = body.path("password").asText();
        String source = source(ctx);
        String emailKey = "email:" + email.toLowerCase(Locale.ROOT);
        String sourceKey = "source:" + source;
        Optional<Duration> wait = throttle.retryAfter(emailKey).or(() -> throttle.retryAfter(sourceKey));
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            LOG.warn("login refused from {}: too many failed attempts, retry in {} s", source, seconds);
            throw new ProblemException(429, "too-many-attempts", "Too many failed logins",
                    "too many failed logins; try again in " + seconds + " s", List.of());
        }
        return users.credentials(email)
                .compose(found -> vertx.executeBlocking(() -> found.isPresent()
                        ? hasher.verify(password, found.get().passwordHash()) : hasher.verifyNobody(password), false)
                        .map(ok -> ok ? found.map(UserStore.Credentials::user) : Optional.<User>empty()))
                .compose(user -> {
                    if (user.isEmpty()) {
                        throttle.failed(emailKey);
                        throttle.failed(sourceKey);
                        LOG.warn("login failed from {}", source);
                        return Future.failedFuture(invalidCredentials());
                    }
                    throttle.succeeded(emailKey);
                    LOG.info("user {} logged in from {}", user.get().id(), source);
                    return refreshTokens.issue(user.get().id()).compose(refresh -> tokens(user.get(), refresh))
                            .map(Reply::ok);
                });
    }

    private Future<Reply> refresh(RoutingContext ctx) {
        String token = Bodies.validJson(ctx, schemas, "rest/token-refresh").path("refreshToken").asText();
        return refreshTokens.rotate(token).compose(rotated -> {
            if (rotated.isEmpty()) {
                return Future.failedFuture(ProblemException.unauthorized("the refresh token is unknown, used, revoked or expired"));
            }
            return users.get(rotated.get().userId()).compose(user -> tokens(
                    user.orElseThrow(() -> ProblemException.unauthorized("the refresh token's user no longer exists")),
                    rotated.get().refreshToken())).map(Reply::ok);
        });
    }

    private Future<Reply> logout(RoutingContext ctx) {
        String token = Bodies.validJson(ctx, schemas, "rest/token-refresh").path("refreshToken").asText();
        return refreshTokens.revoke(token).map(revoked -> Reply.noContent());
    }

    private Future<ObjectNode> tokens(User user, String refreshToken) {
        return users.tenantsCreatedAt(user.id()).map(tenantsCreatedAt -> {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("accessToken", accessTokens.issue(user, tenantsCreatedAt)).put("tokenType", "Bearer")
                    .put("expiresIn", AccessTokens.LIFETIME.toSeconds()).put("refreshToken", refreshToken);
            return json;
        });
    }

    /** The first X-Forwarded-For address (set by the gateway; only trusted next to the internal token), else the peer. */
    static String source(RoutingContext ctx) {
        String forwarded = ctx.request().getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String first = forwarded.split(",", 2)[0].strip();
            if (first.matches("^[0-9A-Fa-f.:]{2,45}$")) {
                return first;
            }
        }
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(401, "invalid-credentials", "Unauthorized", "the email or the password is wrong", List.of());
    }
}

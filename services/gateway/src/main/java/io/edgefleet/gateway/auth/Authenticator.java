package io.edgefleet.gateway.auth;

import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.access.Access;
import io.edgefleet.gateway.limit.RateLimiter;
import io.edgefleet.gateway.tenants.TenantDirectory;
import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates a call to a non-open operation from its {@code Authorization: Bearer ...}: an API token
 * ({@code eft_...}, introspected at the tenancy service) or an access token (a JWT checked locally), then spends one
 * request of the caller's budget. Open operations (login, refresh) are budgeted per source address instead.
 * Answers: 401 for a missing or invalid token, 429 with {@code Retry-After} past the budget, 503 when tenancy
 * cannot be reached to check a token.
 */
public final class Authenticator implements Handler<RoutingContext> {

    private static final String BEARER = "Bearer ";

    private final AccessTokenVerifier accessTokens;
    private final ApiTokenIntrospector apiTokens;
    private final TenantDirectory tenants;
    private final SessionRevocations revocations;
    private final RateLimiter callerLimits;
    private final RateLimiter sourceLimits;

    public Authenticator(AccessTokenVerifier accessTokens, ApiTokenIntrospector apiTokens, TenantDirectory tenants,
                         SessionRevocations revocations, RateLimiter callerLimits, RateLimiter sourceLimits) {
        this.accessTokens = accessTokens;
        this.apiTokens = apiTokens;
        this.tenants = tenants;
        this.revocations = revocations;
        this.callerLimits = callerLimits;
        this.sourceLimits = sourceLimits;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Access access = Calls.operation(ctx).orElseThrow().operation().access();
        if (access.kind() == Access.Kind.OPEN) {
            String source = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
            spend(ctx, sourceLimits, "source:" + source);
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.substring(BEARER.length()).isBlank()) {
            unauthorized(ctx, "missing bearer token");
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        Future<Caller> caller = token.startsWith(ApiTokenIntrospector.PREFIX)
                ? apiTokens.introspect(token).compose(this::tenantStillActive)
                : accessTokens.verify(token).compose(this::sessionStillValid);
        caller.onSuccess(found -> {
            Calls.caller(ctx, found);
            spend(ctx, callerLimits, found.rateLimitKey());
        }).onFailure(failure -> {
            if (failure instanceof InvalidCredentialsException) {
                unauthorized(ctx, failure.getMessage());
            } else {
                ctx.fail(ProblemException.unavailable("tokens cannot be checked right now; retry shortly"));
            }
        });
    }

    private Future<Caller> tenantStillActive(Caller caller) {
        boolean active = caller.memberships().keySet().stream().allMatch(tenants::isActive);
        return active ? Future.succeededFuture(caller)
                : Future.failedFuture(new InvalidCredentialsException("API token is not active"));
    }

    private Future<Caller> sessionStillValid(Caller caller) {
        boolean revoked = caller.issuedAt().map(at -> revocations.isRevoked(caller.id(), at)).orElse(false);
        return revoked
                ? Future.failedFuture(new InvalidCredentialsException(
                        "the user's roles or password changed after this token was issued; refresh it or sign in again"))
                : Future.succeededFuture(caller);
    }

    private static void spend(RoutingContext ctx, RateLimiter limiter, String key) {
        Optional<Duration> wait = limiter.acquire(key);
        if (wait.isEmpty()) {
            ctx.next();
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ctx.fail(new ProblemException(429, "rate-limited", "Too many requests",
                "request budget used up; retry in " + seconds + " s", List.of()));
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"edgefleet\"");
        ctx.fail(ProblemException.unauthorized(detail));
    }
}

package io.edgefleet.kit.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Service-to-service authentication with the shared internal token ({@code EDGEFLEET_INTERNAL_TOKEN}):
 * callers send {@code Authorization: Bearer <token>}; the gateway adds the caller's identity as
 * {@value #PRINCIPAL_HEADER}, which is trusted only on requests that passed {@link #requireInternalToken}.
 */
public final class InternalAuth {

    public static final String PRINCIPAL_HEADER = "X-Edgefleet-Principal";

    private static final String BEARER = "Bearer ";
    private static final String VERIFIED = "edgefleet.internal-token-verified";

    private InternalAuth() {
    }

    /**
     * A route handler that lets a request through only with the right bearer token (constant-time compare)
     * and fails it with 401 {@code unauthorized} otherwise.
     *
     * @throws IllegalArgumentException if the token is blank (a deployment without a token must not start)
     */
    public static Handler<RoutingContext> requireInternalToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("internal token must not be blank");
        }
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                ctx.fail(ProblemException.unauthorized("missing bearer token"));
                return;
            }
            byte[] presented = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, presented)) {
                ctx.fail(ProblemException.unauthorized("invalid bearer token"));
                return;
            }
            ctx.put(VERIFIED, Boolean.TRUE);
            ctx.next();
        };
    }

    /**
     * The caller identity the gateway forwarded, present only when the request carried the internal token
     * (checked by {@link #requireInternalToken} earlier on the route) and the header is not blank.
     */
    public static Optional<String> principal(RoutingContext ctx) {
        if (!Boolean.TRUE.equals(ctx.get(VERIFIED))) {
            return Optional.empty();
        }
        String value = ctx.request().getHeader(PRINCIPAL_HEADER);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}

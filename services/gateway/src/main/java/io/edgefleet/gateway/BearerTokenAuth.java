package io.edgefleet.gateway;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admits a request that carries the bootstrap admin token and records who the caller is for the
 * services behind the gateway. Replaced by user and API-token authentication with the tenancy
 * service.
 */
final class BearerTokenAuth implements Handler<RoutingContext> {

    static final String PRINCIPAL = "edgefleet.principal";
    private static final String PREFIX = "Bearer ";

    private final byte[] adminToken;

    BearerTokenAuth(String adminToken) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith(PREFIX)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(ProblemException.unauthorized("This API needs 'Authorization: Bearer <token>'"));
            return;
        }
        byte[] presented = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, adminToken)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ctx.fail(ProblemException.unauthorized("The bearer token is not valid"));
            return;
        }
        ctx.put(PRINCIPAL, "admin");
        ctx.next();
    }
}

package io.edgefleet.deployment.http;

import io.edgefleet.kit.http.InternalAuth;
import io.vertx.ext.web.RoutingContext;

/** Who made a call, as stored with what it created ({@code created_by} and the like). */
public final class Callers {

    /** The stored principal is cut to this length; the gateway's principals are far shorter. */
    public static final int MAX_PRINCIPAL = 190;

    private Callers() {
    }

    /** The principal the gateway forwarded ({@code user:<id>}, {@code token:<id>}), {@code internal} without one. */
    public static String principal(RoutingContext ctx) {
        String principal = InternalAuth.principal(ctx).orElse("internal");
        return principal.length() > MAX_PRINCIPAL ? principal.substring(0, MAX_PRINCIPAL) : principal;
    }
}

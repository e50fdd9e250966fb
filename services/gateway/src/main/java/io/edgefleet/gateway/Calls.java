package io.edgefleet.gateway;

import io.edgefleet.gateway.access.Operation;
import io.edgefleet.gateway.auth.Caller;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** What the gateway learns about a call on its way through the handlers, kept on the routing context. */
public final class Calls {

    private static final String OPERATION = "edgefleet.operation";
    private static final String CALLER = "edgefleet.caller";
    private static final String TENANT_VISIBLE = "edgefleet.tenant-visible";

    private Calls() {
    }

    public static void operation(RoutingContext ctx, Operation.Match match) {
        ctx.put(OPERATION, match);
    }

    /** The operation the call matched; empty before the lookup or when it matched none. */
    public static Optional<Operation.Match> operation(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(OPERATION));
    }

    public static void caller(RoutingContext ctx, Caller caller) {
        ctx.put(CALLER, caller);
    }

    /** The authenticated caller; empty on open routes and before authentication. */
    public static Optional<Caller> caller(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(CALLER));
    }

    /** Records that the caller may see the tenant the path names (its audit entry then belongs to that tenant). */
    public static void tenantVisible(RoutingContext ctx) {
        ctx.put(TENANT_VISIBLE, Boolean.TRUE);
    }

    public static boolean isTenantVisible(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(TENANT_VISIBLE));
    }
}

package io.edgefleet.gateway;

import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.auth.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/me}: who the gateway takes the caller for, and the tenants it may act in with its role there
 * (disabled tenants left out). The console uses it to build its tenant switcher.
 */
final class MeRoute {

    private final Authorizer authorizer;

    MeRoute(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void handle(RoutingContext ctx) {
        Caller caller = Calls.caller(ctx).orElseThrow();
        var visible = authorizer.callerTenants(caller);
        JsonObject memberships = new JsonObject();
        caller.memberships().forEach((tenant, role) -> {
            if (visible.allows(tenant)) {
                memberships.put(tenant, role.wireName());
            }
        });
        JsonObject body = new JsonObject()
                .put("kind", caller.kind().wireName())
                .put("id", caller.id())
                .put("platformAdmin", caller.platformAdmin())
                .put("memberships", memberships);
        caller.name().ifPresent(name -> body.put("name", name));
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}

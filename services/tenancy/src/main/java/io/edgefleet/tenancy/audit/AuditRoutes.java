package io.edgefleet.tenancy.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/v1/tenants/{tenant}/audit} (one tenant's log) and {@code GET /api/v1/audit} (every entry, for
 * callers who may act in every tenant), answering {@code rest/audit-page.schema.json}.
 */
public final class AuditRoutes {

    private final AuditStore store;
    private final TenantStore tenants;

    public AuditRoutes(AuditStore store, TenantStore tenants) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /** Mounts both routes; the router needs the internal token check and the problem handler already. */
    public void mount(Router router) {
        router.get("/api/v1/tenants/:tenant/audit")
                .handler(CallerTenants.requireTenantInPath())
                .handler(reply(this::tenantLog));
        router.get("/api/v1/audit").handler(reply(this::platformLog));
    }

    private Future<AuditStore.Page> tenantLog(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return tenants.get(tenant).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(CallerTenants.tenantNotFound(tenant));
            }
            return store.page(AuditParams.parse(ctx.queryParams(), Optional.of(tenant)));
        });
    }

    private Future<AuditStore.Page> platformLog(RoutingContext ctx) {
        // the gateway admits platform admins only; this re-check keeps every tenant's entries from anyone else
        if (!CallerTenants.of(ctx).isAll()) {
            throw ProblemException.forbidden("the platform audit log is open only to callers who may act in every tenant");
        }
        return store.page(AuditParams.parse(ctx.queryParams(), Optional.empty()));
    }

    private static Handler<RoutingContext> reply(Function<RoutingContext, Future<AuditStore.Page>> action) {
        return ctx -> {
            Future<AuditStore.Page> page;
            try {
                page = action.apply(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            page.onSuccess(p -> ctx.response()
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Cache-Control", "no-store")
                            .end(Json.write(toJson(p))))
                    .onFailure(ctx::fail);
        };
    }

    private static ObjectNode toJson(AuditStore.Page page) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(entry -> items.add(entry.toJson()));
        body.put("next", page.next().orElse(null));
        return body;
    }
}

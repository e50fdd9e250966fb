package io.edgefleet.registry.http;

import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Guards every route under {@code /api/v1/tenants/{tenant}/}: the caller must be allowed in the tenant (the gateway's
 * {@code X-Edgefleet-Tenants}, re-checked here) and the registry must know the tenant; both failures are the same 404
 * {@code tenant-not-found}, so another tenant looks absent. A disabled tenant passes: its data can still be read and
 * removed, only creating endpoints, keys or secrets in it is refused ({@link #problem}).
 */
final class TenantGuard {

    static final String PATH = "/api/v1/tenants/:tenant/*";

    private final TenantStore tenants;

    TenantGuard(TenantStore tenants) {
        this.tenants = tenants;
    }

    void mount(Router router) {
        router.route(PATH).handler(CallerTenants.requireTenantInPath());
        router.route(PATH).handler(this::known);
    }

    private void known(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        tenants.status(tenant).onSuccess(status -> {
            if (status.isEmpty()) {
                ctx.fail(CallerTenants.tenantNotFound(tenant));
            } else {
                ctx.next();
            }
        }).onFailure(ctx::fail);
    }

    /** Turns a store's refusal because of the tenant into its problem: 404 when gone, 409 when disabled. */
    static <T> Future<T> problem(Throwable failure, String tenant) {
        if (failure instanceof TenantStore.NotFoundException) {
            return Future.failedFuture(CallerTenants.tenantNotFound(tenant));
        }
        if (failure instanceof TenantStore.DisabledException) {
            return Future.failedFuture(new ProblemException(409, "tenant-disabled", "Tenant disabled",
                    failure.getMessage(), List.of()));
        }
        return Future.failedFuture(failure);
    }
}

package io.edgefleet.gateway.access;

import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.gateway.tenants.TenantDirectory;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Enforces the role matrix ({@link ApiCatalog}) for an authenticated caller. A tenant the caller is not an active
 * member of answers 404 {@code tenant-not-found}, exactly as a tenant that does not exist, so that nothing about
 * other tenants leaks; a member whose role is too small gets 403.
 */
public final class Authorizer implements Handler<RoutingContext> {

    private final TenantDirectory tenants;

    public Authorizer(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Operation.Match match = Calls.operation(ctx).orElseThrow();
        Caller caller = Calls.caller(ctx).orElseThrow();
        Access access = match.operation().access();
        Optional<String> tenant = match.tenant();
        if (tenant.isPresent()) {
            if (!caller.platformAdmin() && !isActiveMember(caller, tenant.get())) {
                ctx.fail(CallerTenants.tenantNotFound(tenant.get()));
                return;
            }
            Calls.tenantVisible(ctx);
        }
        boolean allowed = switch (access.kind()) {
            case OPEN, AUTHENTICATED -> true;
            case PLATFORM_ADMIN -> caller.platformAdmin();
            case TENANT -> caller.platformAdmin() || caller.roleIn(tenant.orElseThrow()).orElseThrow()
                    .covers(access.minRole());
        };
        if (!allowed) {
            ctx.fail(ProblemException.forbidden(match.operation().name() + " needs " + access.describe()));
            return;
        }
        ctx.next();
    }

    private boolean isActiveMember(Caller caller, String tenant) {
        return caller.roleIn(tenant).isPresent() && tenants.admits(tenant, caller.membershipEpoch(tenant));
    }

    /** The tenants the caller may act in, as the services' {@code X-Edgefleet-Tenants} header says it. */
    public CallerTenants callerTenants(Caller caller) {
        if (caller.platformAdmin()) {
            return CallerTenants.all();
        }
        Set<String> active = caller.memberships().keySet().stream()
                .filter(tenant -> tenants.admits(tenant, caller.membershipEpoch(tenant)))
                .collect(Collectors.toUnmodifiableSet());
        return CallerTenants.of(active);
    }
}

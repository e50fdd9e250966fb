package io.edgefleet.kit.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tenants a caller may act in, as the gateway forwards them in {@value #HEADER}: {@code *} for a platform
 * admin, else comma-separated tenant ids. Services re-check the tenant of every tenant-scoped path with it, so a
 * call the gateway let through by mistake still cannot reach another tenant's data.
 *
 * <p>The header is trusted only on requests that passed {@link InternalAuth#requireInternalToken}.
 */
public final class CallerTenants {

    public static final String HEADER = "X-Edgefleet-Tenants";
    /** The header value of a caller that may act in every tenant. */
    public static final String ALL = "*";

    private final boolean all;
    private final Set<String> tenants;

    private CallerTenants(boolean all, Set<String> tenants) {
        this.all = all;
        this.tenants = tenants;
    }

    /** A caller that may act in every tenant (a platform admin). */
    public static CallerTenants all() {
        return new CallerTenants(true, Set.of());
    }

    /** A caller that may act in exactly {@code tenants}. */
    public static CallerTenants of(Set<String> tenants) {
        return new CallerTenants(false, Set.copyOf(tenants));
    }

    /** Parses a header value; {@code null} or blank means no tenant at all. */
    public static CallerTenants parse(String header) {
        if (header == null || header.isBlank()) {
            return of(Set.of());
        }
        if (header.strip().equals(ALL)) {
            return all();
        }
        return of(Arrays.stream(header.split(","))
                .map(String::strip)
                .filter(tenant -> !tenant.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The caller's tenants on a request that carried the internal token; none otherwise. */
    public static CallerTenants of(RoutingContext ctx) {
        return InternalAuth.principal(ctx).isPresent()
                ? parse(ctx.request().getHeader(HEADER))
                : of(Set.of());
    }

    /**
     * A route handler for paths with a {@code :tenant} parameter: it lets the request through only when the caller
     * may act in that tenant and answers 404 {@code tenant-not-found} otherwise, the same answer as for a tenant
     * that does not exist, so that another tenant's resources look absent rather than forbidden.
     */
    public static Handler<RoutingContext> requireTenantInPath() {
        return ctx -> {
            String tenant = Objects.requireNonNullElse(ctx.pathParam("tenant"), "");
            if (!of(ctx).allows(tenant)) {
                ctx.fail(tenantNotFound(tenant));
                return;
            }
            ctx.next();
        };
    }

    /** The problem for a tenant that does not exist or that the caller may not see. */
    public static ProblemException tenantNotFound(String tenant) {
        return new ProblemException(404, "tenant-not-found", "Tenant not found",
                "tenant '" + tenant + "' does not exist", List.of());
    }

    /** Whether the caller may act in {@code tenant}. */
    public boolean allows(String tenant) {
        return all || tenants.contains(tenant);
    }

    /** Whether the caller may act in every tenant. */
    public boolean isAll() {
        return all;
    }

    /** The header value that carries these tenants. */
    public String toHeader() {
        return all ? ALL : String.join(",", tenants.stream().sorted().toList());
    }
}

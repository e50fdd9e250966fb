package io.edgefleet.gateway.access;

import static io.edgefleet.gateway.access.Access.authenticated;
import static io.edgefleet.gateway.access.Access.open;
import static io.edgefleet.gateway.access.Access.platformAdmin;
import static io.edgefleet.gateway.access.Access.tenant;
import static io.edgefleet.gateway.access.Role.OPERATOR;
import static io.edgefleet.gateway.access.Role.TENANT_ADMIN;
import static io.edgefleet.gateway.access.Role.VIEWER;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation of the public API: the role matrix the gateway enforces and the map of which service answers
 * what. A path not listed here is 404 at the gateway, so a service's new route is unreachable until it is added
 * with its access rule (docs/security.md renders this table).
 */
public final class ApiCatalog {

    private static final String T = "/api/v1/tenants/{tenant}";

    private final List<Entry> entries = new ArrayList<>();

    private record Entry(Operation operation, Pattern path) {
    }

    /** The platform's API. */
    public static ApiCatalog standard() {
        ApiCatalog c = new ApiCatalog();
        c.add("auth.login", POST, "/api/v1/auth/login", "tenancy", open());
        c.add("auth.refresh", POST, "/api/v1/auth/refresh", "tenancy", open());
        c.add("auth.logout", POST, "/api/v1/auth/logout", "tenancy", open());
        c.add("me.get", GET, "/api/v1/me", "gateway", authenticated());

        c.add("tenants.list", GET, "/api/v1/tenants", "tenancy", platformAdmin());
        c.add("tenants.create", POST, "/api/v1/tenants", "tenancy", platformAdmin());
        c.add("tenants.get", GET, T, "tenancy", tenant(VIEWER));
        c.add("tenants.update", PATCH, T, "tenancy", platformAdmin());
        c.add("tenants.delete", DELETE, T, "tenancy", platformAdmin());
        c.add("members.list", GET, T + "/members", "tenancy", tenant(TENANT_ADMIN));
        c.add("members.put", PUT, T + "/members/{user}", "tenancy", tenant(TENANT_ADMIN));
        c.add("members.delete", DELETE, T + "/members/{user}", "tenancy", tenant(TENANT_ADMIN));
        c.add("tokens.list", GET, T + "/tokens", "tenancy", tenant(TENANT_ADMIN));
        c.add("tokens.create", POST, T + "/tokens", "tenancy", tenant(TENANT_ADMIN));
        c.add("tokens.revoke", DELETE, T + "/tokens/{id}", "tenancy", tenant(TENANT_ADMIN));
        c.add("audit.list", GET, T + "/audit", "tenancy", tenant(TENANT_ADMIN));
        c.add("events.stream", GET, T + "/events", "gateway", tenant(VIEWER));
        c.add("audit.list-all", GET, "/api/v1/audit", "tenancy", platformAdmin());

        c.add("users.list", GET, "/api/v1/users", "tenancy", platformAdmin());
        c.add("users.create", POST, "/api/v1/users", "tenancy", platformAdmin());
        c.add("users.get", GET, "/api/v1/users/{id}", "tenancy", platformAdmin());
        c.add("users.update", PATCH, "/api/v1/users/{id}", "tenancy", platformAdmin());
        c.add("users.delete", DELETE, "/api/v1/users/{id}", "tenancy", platformAdmin());

        c.add("clusters.list", GET, "/api/v1/clusters", "tenancy", platformAdmin());
        c.add("clusters.create", POST, "/api/v1/clusters", "tenancy", platformAdmin());
        c.add("clusters.get", GET, "/api/v1/clusters/{id}", "tenancy", platformAdmin());
        c.add("clusters.check", POST, "/api/v1/clusters/{id}/check", "tenancy", platformAdmin());
        c.add("clusters.delete", DELETE, "/api/v1/clusters/{id}", "tenancy", platformAdmin());
        c.add("partitions.list", GET, T + "/partitions", "tenancy", tenant(VIEWER));
        c.add("partitions.get", GET, T + "/partitions/{name}", "tenancy", tenant(VIEWER));
        c.add("partitions.create", POST, T + "/partitions", "tenancy", platformAdmin());
        c.add("partitions.update", PATCH, T + "/partitions/{name}", "tenancy", platformAdmin());
        c.add("partitions.delete", DELETE, T + "/partitions/{name}", "tenancy", platformAdmin());

        c.add("endpoints.list", GET, T + "/endpoints", "registry", tenant(VIEWER));
        c.add("endpoints.create", POST, T + "/endpoints", "registry", tenant(OPERATOR));
        c.add("endpoints.get", GET, T + "/endpoints/{id}", "registry", tenant(VIEWER));
        c.add("endpoints.containers", GET, T + "/endpoints/{id}/containers", "registry", tenant(VIEWER));
        c.add("endpoints.update", PATCH, T + "/endpoints/{id}", "registry", tenant(OPERATOR));
        c.add("endpoints.delete", DELETE, T + "/endpoints/{id}", "registry", tenant(OPERATOR));
        c.add("endpoints.rotate-credentials", POST, T + "/endpoints/{id}/credentials", "registry", tenant(OPERATOR));
        c.add("integration-keys.list", GET, T + "/integration-keys", "registry", tenant(OPERATOR));
        c.add("integration-keys.get", GET, T + "/integration-keys/{id}", "registry", tenant(OPERATOR));
        c.add("integration-keys.create", POST, T + "/integration-keys", "registry", tenant(TENANT_ADMIN));
        c.add("integration-keys.revoke", DELETE, T + "/integration-keys/{id}", "registry", tenant(TENANT_ADMIN));

        c.add("apps.list", GET, T + "/apps", "deployment", tenant(VIEWER));
        c.add("apps.create", POST, T + "/apps", "deployment", tenant(OPERATOR));
        c.add("apps.get", GET, T + "/apps/{name}", "deployment", tenant(VIEWER));
        c.add("apps.update", PUT, T + "/apps/{name}", "deployment", tenant(OPERATOR));
        c.add("apps.delete", DELETE, T + "/apps/{name}", "deployment", tenant(OPERATOR));
        c.add("apps.revisions", GET, T + "/apps/{name}/revisions", "deployment", tenant(VIEWER));
        c.add("apps.rollback", POST, T + "/apps/{name}/rollback", "deployment", tenant(OPERATOR));
        c.add("apps.rollout", GET, T + "/apps/{name}/rollout", "deployment", tenant(VIEWER));
        c.add("apps.rollouts", GET, T + "/apps/{name}/rollouts", "deployment", tenant(VIEWER));
        c.add("apps.rollout-action", POST, T + "/apps/{name}/rollout/{action}", "deployment", tenant(OPERATOR));
        c.add("templates.list", GET, T + "/templates", "deployment", tenant(VIEWER));
        c.add("templates.create", POST, T + "/templates", "deployment", tenant(OPERATOR));
        c.add("templates.get", GET, T + "/templates/{name}", "deployment", tenant(VIEWER));
        c.add("templates.update", PUT, T + "/templates/{name}", "deployment", tenant(OPERATOR));
        c.add("templates.delete", DELETE, T + "/templates/{name}", "deployment", tenant(OPERATOR));
        c.add("templates.instantiate", POST, T + "/templates/{name}/instantiate", "deployment", tenant(OPERATOR));
        c.add("templates.instantiate-shared", POST, T + "/templates/shared/{name}/instantiate", "deployment", tenant(OPERATOR));
        c.add("config-sets.list", GET, T + "/config-sets", "deployment", tenant(VIEWER));
        c.add("config-sets.create", POST, T + "/config-sets", "deployment", tenant(OPERATOR));
        c.add("config-sets.get", GET, T + "/config-sets/{name}", "deployment", tenant(VIEWER));
        c.add("config-sets.update", PUT, T + "/config-sets/{name}", "deployment", tenant(OPERATOR));
        c.add("config-sets.delete", DELETE, T + "/config-sets/{name}", "deployment", tenant(OPERATOR));
        c.add("config-sets.versions", GET, T + "/config-sets/{name}/versions", "deployment", tenant(VIEWER));
        c.add("config-sets.version", GET, T + "/config-sets/{name}/versions/{version}", "deployment", tenant(VIEWER));
        c.add("registries.list", GET, T + "/registries", "deployment", tenant(VIEWER));
        c.add("registries.create", POST, T + "/registries", "deployment", tenant(TENANT_ADMIN));
        c.add("registries.get", GET, T + "/registries/{name}", "deployment", tenant(VIEWER));
        c.add("registries.update", PUT, T + "/registries/{name}", "deployment", tenant(TENANT_ADMIN));
        c.add("registries.delete", DELETE, T + "/registries/{name}", "deployment", tenant(TENANT_ADMIN));
        c.add("shared-templates.list", GET, "/api/v1/templates", "deployment", authenticated());
        c.add("shared-templates.create", POST, "/api/v1/templates", "deployment", platformAdmin());
        c.add("shared-templates.get", GET, "/api/v1/templates/{name}", "deployment", authenticated());
        c.add("shared-templates.update", PUT, "/api/v1/templates/{name}", "deployment", platformAdmin());
        c.add("shared-templates.delete", DELETE, "/api/v1/templates/{name}", "deployment", platformAdmin());
        c.add("containers.action", POST, T + "/endpoints/{id}/containers/{container}/actions/{action}", "deployment",
                tenant(OPERATOR));
        c.addAuditedRead("containers.logs", T + "/endpoints/{id}/containers/{container}/logs", "deployment", tenant(VIEWER));
        c.addAuditedRead("containers.inspect", T + "/endpoints/{id}/containers/{container}/inspect", "deployment",
                tenant(VIEWER));
        c.add("commands.list", GET, T + "/commands", "deployment", tenant(VIEWER));
        c.add("commands.get", GET, T + "/commands/{id}", "deployment", tenant(VIEWER));
        c.add("webhooks.registry", POST, T + "/webhooks/registry", "deployment", tenant(OPERATOR));
        c.add("alert-rules.list", GET, T + "/alert-rules", "telemetry", tenant(VIEWER));
        c.add("alert-rules.create", POST, T + "/alert-rules", "telemetry", tenant(OPERATOR));
        c.add("alert-rules.get", GET, T + "/alert-rules/{id}", "telemetry", tenant(VIEWER));
        c.add("alert-rules.update", PUT, T + "/alert-rules/{id}", "telemetry", tenant(OPERATOR));
        c.add("alert-rules.delete", DELETE, T + "/alert-rules/{id}", "telemetry", tenant(OPERATOR));
        c.add("alerts.list", GET, T + "/alerts", "telemetry", tenant(VIEWER));
        c.add("alerts.get", GET, T + "/alerts/{id}", "telemetry", tenant(VIEWER));
        c.add("silences.list", GET, T + "/silences", "telemetry", tenant(VIEWER));
        c.add("silences.create", POST, T + "/silences", "telemetry", tenant(OPERATOR));
        c.add("silences.get", GET, T + "/silences/{id}", "telemetry", tenant(VIEWER));
        c.add("silences.update", PUT, T + "/silences/{id}", "telemetry", tenant(OPERATOR));
        c.add("silences.delete", DELETE, T + "/silences/{id}", "telemetry", tenant(OPERATOR));
        c.add("notification-channels.list", GET, T + "/notification-channels", "telemetry", tenant(TENANT_ADMIN));
        c.add("notification-channels.create", POST, T + "/notification-channels", "telemetry", tenant(TENANT_ADMIN));
        c.add("notification-channels.get", GET, T + "/notification-channels/{id}", "telemetry", tenant(TENANT_ADMIN));
        c.add("notification-channels.update", PUT, T + "/notification-channels/{id}", "telemetry",
                tenant(TENANT_ADMIN));
        c.add("notification-channels.delete", DELETE, T + "/notification-channels/{id}", "telemetry",
                tenant(TENANT_ADMIN));
        c.add("notification-channels.deliveries", GET, T + "/notification-channels/{id}/deliveries", "telemetry",
                tenant(TENANT_ADMIN));
        c.add("notification-channels.redeliver", POST, T + "/notification-channels/{id}/deliveries/{delivery}/redeliver", "telemetry",
                tenant(TENANT_ADMIN));

        c.add("events.log", GET, T + "/events/log", "telemetry", tenant(VIEWER));
        c.add("logs.search", GET, T + "/logs", "telemetry", tenant(VIEWER));
        c.add("logs.stream", GET, T + "/logs/stream", "gateway", tenant(VIEWER));
        c.add("event-subscriptions.list", GET, T + "/event-subscriptions", "telemetry", tenant(TENANT_ADMIN));
        c.add("event-subscriptions.create", POST, T + "/event-subscriptions", "telemetry", tenant(TENANT_ADMIN));
        c.add("event-subscriptions.get", GET, T + "/event-subscriptions/{id}", "telemetry", tenant(TENANT_ADMIN));
        c.add("event-subscriptions.update", PATCH, T + "/event-subscriptions/{id}", "telemetry", tenant(TENANT_ADMIN));
        c.add("event-subscriptions.delete", DELETE, T + "/event-subscriptions/{id}", "telemetry", tenant(TENANT_ADMIN));
        c.add("event-subscriptions.deliveries", GET, T + "/event-subscriptions/{id}/deliveries", "telemetry",
                tenant(TENANT_ADMIN));
        c.add("event-subscriptions.redeliver", POST, T + "/event-subscriptions/{id}/deliveries/{delivery}/redeliver",
                "telemetry", tenant(TENANT_ADMIN));
        c.add("metrics.series", GET, T + "/metrics/series", "telemetry", tenant(VIEWER));
        c.add("metrics.latest", GET, T + "/metrics/latest", "telemetry", tenant(VIEWER));
        c.add("metrics.top", GET, T + "/metrics/top", "telemetry", tenant(VIEWER));
        c.add("metrics.federate", GET, T + "/metrics/federate", "telemetry", tenant(VIEWER));
        return c;
    }

    private void add(String name, HttpMethod method, String template, String service, Access access) {
        add(new Operation(name, method, template, service, access));
    }

    /** A GET that is audited like a change: it makes a machine do something (send logs, inspect a container). */
    private void addAuditedRead(String name, String template, String service, Access access) {
        add(new Operation(name, GET, template, service, access, true));
    }

    private void add(Operation operation) {
        String name = operation.name();
        if (entries.stream().anyMatch(e -> e.operation().name().equals(name))) {
            throw new IllegalArgumentException("operation " + name + " listed twice");
        }
        entries.add(new Entry(operation, operation.pathPattern()));
    }

    /** The operation {@code method path} calls; empty when the API has none. */
    public Optional<Operation.Match> find(HttpMethod method, String path) {
        for (Entry entry : entries) {
            if (entry.operation().method().equals(method)) {
                Matcher matcher = entry.path().matcher(path);
                if (matcher.matches()) {
                    Optional<String> tenant = entry.operation().template().contains("{tenant}")
                            ? Optional.of(matcher.group("tenant")) : Optional.empty();
                    return Optional.of(new Operation.Match(entry.operation(), tenant));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods {@code path} answers to (for 405 {@code Allow}); empty when no operation has that path. */
    public Set<String> methodsAt(String path) {
        Set<String> methods = new TreeSet<>();
        entries.stream().filter(e -> e.path().matcher(path).matches())
                .forEach(e -> methods.add(e.operation().method().name()));
        return methods;
    }

    /** Every operation, in the order listed. */
    public List<Operation> operations() {
        return entries.stream().map(Entry::operation).toList();
    }
}

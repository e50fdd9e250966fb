package io.edgefleet.tenancy.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.tenant.Tenant;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/tenants[/{tenant}]}: create, list, get, rename/disable/enable, delete. */
final class TenantRoutes {

    static final Pattern TENANT_ID = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    /**
     * How long a status change waits for the tenant's clusters before it answers (below the gateway's 10 s upstream
     * timeout); what is not done by then goes on and is recorded in the partitions.
     */
    static final Duration ACCESS_WAIT = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(TenantRoutes.class);

    private final TenantStore store;
    private final JsonSchemas schemas;

    /** Removes what a tenant owns outside this database (its partitions' namespaces) before the tenant row goes. */
    interface Teardown {
        /** Fails, naming what could not be removed, when part of it stays; the tenant is then not deleted. */
        Future<Integer> apply(String tenant, Optional<String> principal);
    }

    /**
     * Brings the tenant's Kubernetes access (its partitions' role bindings) in line with its status, once the status
     * is committed. A cluster that fails is recorded for a retry and does not fail it.
     */
    interface AccessSync {
        Future<?> apply(String tenant);
    }

    private final Teardown teardown;
    private final AccessSync accessSync;

    TenantRoutes(TenantStore store, JsonSchemas schemas, Teardown teardown, AccessSync accessSync) {
        this.store = Objects.requireNonNull(store, "store");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.teardown = Objects.requireNonNull(teardown, "teardown");
        this.accessSync = Objects.requireNonNull(accessSync, "accessSync");
    }

    void mount(Router router) {
        router.post("/api/v1/tenants").handler(Reply.of(this::create));
        router.get("/api/v1/tenants").handler(Reply.of(this::list));
        router.get("/api/v1/tenants/:tenant").handler(Reply.of(this::get));
        router.patch("/api/v1/tenants/:tenant").handler(Reply.of(this::update));
        router.delete("/api/v1/tenants/:tenant").handler(Reply.of(this::delete));
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/tenant-create");
        String id = body.path("id").asText();
        return store.create(id, body.path("displayName").asText())
                .recover(e -> Future.failedFuture(e instanceof TenantStore.IdTakenException
                        ? ProblemException.conflict("tenant-exists", e.getMessage()) : e))
                .map(tenant -> {
                    LOG.info("tenant {} created by {}", tenant.id(), principal(ctx));
                    return Reply.created(tenant.toJson(), "/api/v1/tenants/" + tenant.id());
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return store.list().map(tenants -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            tenants.forEach(t -> items.add(t.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        return found(ctx, store.get(ctx.pathParam("tenant")).map(TenantRoutes::okTenant));
    }

    private Future<Reply> update(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/tenant-update");
        Optional<String> name = Optional.ofNullable(body.get("displayName")).map(JsonNode::asText);
        Optional<String> status = Optional.ofNullable(body.get("status")).map(JsonNode::asText);
        return found(ctx, store.update(ctx.pathParam("tenant"), name, status)
                .compose(updated -> updated.isPresent() && status.isPresent() ? syncAccess(updated.get()).map(updated)
                        : Future.succeededFuture(updated))
                .map(updated -> {
                    updated.ifPresent(t -> LOG.info("tenant {} updated by {}: status {}", t.id(), principal(ctx), t.status()));
                    return okTenant(updated);
                }));
    }

    /**
     * The status is committed (and its event queued) before any cluster is asked, so a cluster that is down cannot
     * keep a tenant enabled; the answer waits at most {@link #ACCESS_WAIT} for the clusters and never fails for them.
     * A status given again (even unchanged) re-applies the access, which is how an admin retries at once.
     */
    private Future<Void> syncAccess(Tenant tenant) {
        return accessSync.apply(tenant.id()).timeout(ACCESS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .<Void>mapEmpty()
                .recover(failure -> {
                    LOG.warn("tenant {} is {}; its partitions' Kubernetes access did not follow within {} s and is"
                            + " left to the retry: {}", tenant.id(), tenant.status(), ACCESS_WAIT.toSeconds(),
                            failure.getMessage());
                    return Future.succeededFuture();
                });
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return teardown.apply(tenant, InternalAuth.principal(ctx))
                .compose(removed -> store.delete(tenant))
                // a partition created while the tenant was being torn down: its row keeps the tenant (foreign key)
                .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? ProblemException.conflict("tenant-has-partitions", "tenant '" + tenant
                                + "' got a partition while it was being deleted; delete again") : e))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(tenant);
                    }
                    LOG.info("tenant {} deleted by {}", tenant, principal(ctx));
                    return Reply.noContent();
                });
    }

    private static Future<Reply> found(RoutingContext ctx, Future<Optional<Reply>> reply) {
        return reply.map(r -> r.orElseThrow(() -> notFound(ctx.pathParam("tenant"))));
    }

    static ProblemException notFound(String tenant) {
        return ProblemException.notFound("tenant '" + (TENANT_ID.matcher(tenant).matches() ? tenant : "?") + "' does not exist");
    }

    static String principal(RoutingContext ctx) {
        return InternalAuth.principal(ctx).orElse("an internal caller");
    }

    private static Optional<Reply> okTenant(Optional<Tenant> tenant) {
        return tenant.map(t -> Reply.ok(t.toJson()));
    }
}

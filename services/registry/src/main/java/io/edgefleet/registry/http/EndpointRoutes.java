package io.edgefleet.registry.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.endpoint.Endpoint;
import io.edgefleet.registry.endpoint.EndpointPatch;
import io.edgefleet.registry.endpoint.EndpointStore;
import io.edgefleet.registry.endpoint.NewEndpoint;
import io.edgefleet.registry.endpoint.RunCommands;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/endpoints/...}: create, list, get, update, delete, rotate the secret, and the
 * containers the endpoint's agent last reported.
 */
final class EndpointRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/endpoints";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRoutes.class);

    private final EndpointStore store;
    private final EndpointBodies bodies;
    private final String brokerUrl;
    private final String agentImage;
    private final String gatewayUrl;

    /** Mount after {@link TenantGuard}, which answers unknown and foreign tenants. */
    EndpointRoutes(EndpointStore store, EndpointBodies bodies, String brokerUrl, String gatewayUrl, String agentImage) {
        this.store = Objects.requireNonNull(store, "store");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.brokerUrl = Objects.requireNonNull(brokerUrl, "brokerUrl");
        this.agentImage = Objects.requireNonNull(agentImage, "agentImage");
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    }

    void mount(Router router) {
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:id").handler(Reply.of(this::get));
        router.get(BASE + "/:id/containers").handler(Reply.of(this::containers));
        router.patch(BASE + "/:id").handler(Reply.of(this::update));
        router.delete(BASE + "/:id").handler(Reply.of(this::delete));
        router.post(BASE + "/:id/credentials").handler(Reply.of(this::rotate));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        NewEndpoint request = NewEndpoint.from(bodies.create(ctx));
        return store.create(tenant, request)
                .recover(failure -> failure instanceof EndpointStore.NameTakenException
                        ? Future.failedFuture(conflictOnName(failure.getMessage())) : TenantGuard.problem(failure, tenant))
                .map(created -> {
                    Endpoint endpoint = created.endpoint();
                    LOG.info("endpoint {} '{}' created in tenant {} by {}", endpoint.id(), endpoint.name(), tenant,
                            principal(ctx));
                    ObjectNode body = endpoint.toJson();
                    body.put("secret", created.secret());
                    body.set("runCommands", runCommands(endpoint.tenant(), endpoint.id(), created.secret()).toJson());
                    return Reply.created(body, ctx.request().path() + "/" + endpoint.id());
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        var query = ListParams.parse(ctx.pathParam("tenant"), ctx.queryParams());
        return store.list(query).map(page -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            page.items().forEach(endpoint -> items.add(endpoint.toJson()));
            body.put("page", query.page());
            body.put("size", query.size());
            body.put("total", page.total());
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        return idOf(ctx).map(id -> store.get(ctx.pathParam("tenant"), id))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson()));
    }

    private Future<Reply> containers(RoutingContext ctx) {
        return idOf(ctx).map(id -> store.containers(ctx.pathParam("tenant"), id))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        Optional<String> id = idOf(ctx);
        if (id.isEmpty()) {
            throw notFound(ctx);
        }
        EndpointPatch patch = new EndpointPatch(bodies.update(ctx));
        return store.update(ctx.pathParam("tenant"), id.get(), patch)
                .map(updated -> Reply.ok(updated.orElseThrow(() -> notFound(ctx)).toJson()));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return idOf(ctx).map(id -> store.delete(tenant, id)).orElseGet(() -> Future.succeededFuture(false))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(ctx);
                    }
                    LOG.info("endpoint {} deleted from tenant {} by {}", ctx.pathParam("id"), tenant, principal(ctx));
                    return Reply.noContent();
                });
    }

    private Future<Reply> rotate(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return idOf(ctx).map(id -> store.rotateSecret(tenant, id))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()))
                .recover(failure -> TenantGuard.problem(failure, tenant))
                .map(secret -> {
                    String id = ctx.pathParam("id");
                    String newSecret = secret.orElseThrow(() -> notFound(ctx));
                    LOG.info("secret of endpoint {} in tenant {} rotated by {}", id, tenant, principal(ctx));
                    ObjectNode body = JsonNodeFactory.instance.objectNode().put("endpointId", id).put("secret", newSecret);
                    body.set("runCommands", runCommands(tenant, id, newSecret).toJson());
                    return Reply.ok(body);
                });
    }

    private RunCommands runCommands(String tenant, String id, String secret) {
        return RunCommands.of(brokerUrl, gatewayUrl, agentImage, tenant, id, secret);
    }

    // an id that cannot exist is answered like one that does not: 404 without a query
    private static Optional<String> idOf(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return Credentials.isEndpointId(id) ? Optional.of(id) : Optional.empty();
    }

    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("endpoint '" + ctx.pathParam("id") + "' does not exist in tenant '"
                + ctx.pathParam("tenant") + "'");
    }

    private static ProblemException conflictOnName(String detail) {
        return new ProblemException(409, "name-taken", "Conflict", detail,
                List.of(new FieldError("/name", "is already used by another endpoint of this tenant")));
    }

    private static String principal(RoutingContext ctx) {
        return InternalAuth.principal(ctx).orElse("an internal caller");
    }
}

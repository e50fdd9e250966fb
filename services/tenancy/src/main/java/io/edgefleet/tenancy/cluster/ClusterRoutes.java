package io.edgefleet.tenancy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code /api/v1/clusters[/{id}[/check]]}: register, list, show, check and delete Kubernetes clusters (platform admin;
 * the gateway enforces the role). No answer ever holds a token or kubeconfig.
 */
public final class ClusterRoutes {

    private final ClusterService clusters;
    private final JsonSchemas schemas;

    public ClusterRoutes(ClusterService clusters, JsonSchemas schemas) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        router.post("/api/v1/clusters").handler(Reply.of(this::register));
        router.get("/api/v1/clusters").handler(Reply.of(this::list));
        router.get("/api/v1/clusters/:id").handler(Reply.of(this::get));
        router.post("/api/v1/clusters/:id/check").handler(Reply.of(this::check));
        router.delete("/api/v1/clusters/:id").handler(Reply.of(this::delete));
    }

    private Future<Reply> register(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/cluster-create");
        return clusters.register(body, InternalAuth.principal(ctx))
                .map(cluster -> Reply.created(cluster.toJson(), "/api/v1/clusters/" + cluster.id()));
    }

    private Future<Reply> list(RoutingContext ctx) {
        return clusters.list().map(all -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            all.forEach(cluster -> items.add(cluster.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        UUID id = id(ctx);
        return clusters.get(id).map(found -> Reply.ok(found.orElseThrow(() -> ClusterService.notFound(id.toString())).toJson()));
    }

    private Future<Reply> check(RoutingContext ctx) {
        UUID id = id(ctx);
        return clusters.check(id).map(found -> Reply.ok(found.orElseThrow(() -> ClusterService.notFound(id.toString())).toJson()));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        return clusters.delete(id(ctx), InternalAuth.principal(ctx)).map(v -> Reply.noContent());
    }

    /** The path's cluster id; anything that is not a UUID names no cluster (404). */
    private static UUID id(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ClusterService.notFound(raw.matches("[A-Za-z0-9-]{1,64}") ? raw : "?");
        }
    }
}

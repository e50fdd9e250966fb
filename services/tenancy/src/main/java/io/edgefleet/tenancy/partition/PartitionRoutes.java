package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/tenants/{tenant}/partitions[/{name}]}: create, list, show (with usage), change and delete a tenant's
 * partitions. The caller must be allowed in the path's tenant ({@link CallerTenants}); roles are the gateway's.
 */
public final class PartitionRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/partitions";
    private static final Pattern NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,17}[a-z0-9])?$");

    private final PartitionService partitions;
    private final JsonSchemas schemas;

    public PartitionRoutes(PartitionService partitions, JsonSchemas schemas) {
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        router.route(BASE).handler(CallerTenants.requireTenantInPath());
        router.route(BASE + "/*").handler(CallerTenants.requireTenantInPath());
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:name").handler(Reply.of(this::get));
        router.patch(BASE + "/:name").handler(Reply.of(this::update));
        router.delete(BASE + "/:name").handler(Reply.of(this::delete));
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/partition-create");
        String tenant = ctx.pathParam("tenant");
        return partitions.create(tenant, body, InternalAuth.principal(ctx)).map(p -> Reply.created(p.toJson(),
                "/api/v1/tenants/" + tenant + "/partitions/" + p.name()));
    }

    private Future<Reply> list(RoutingContext ctx) {
        return partitions.list(ctx.pathParam("tenant")).map(all -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            all.forEach(p -> items.add(p.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        String name = name(ctx);
        return partitions.get(ctx.pathParam("tenant"), name).map(found -> {
            PartitionService.View view = found.orElseThrow(() -> notFound(name));
            ObjectNode json = view.partition().toJson();
            if (view.usage().isPresent()) {
                ObjectNode usage = json.putObject("usage");
                usage.set("hard", quantities(view.usage().get().hard()));
                usage.set("used", quantities(view.usage().get().used()));
            } else {
                json.putNull("usage");
            }
            view.usageError().ifPresent(error -> json.put("usageError", error));
            return Reply.ok(json);
        });
    }

    private Future<Reply> update(RoutingContext ctx) {
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/partition-update");
        return partitions.update(ctx.pathParam("tenant"), name, body, InternalAuth.principal(ctx))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(name)).toJson()));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String name = name(ctx);
        return partitions.delete(ctx.pathParam("tenant"), name, InternalAuth.principal(ctx)).map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            return Reply.noContent();
        });
    }

    /** The path's partition name; one that breaks the naming rule names no partition (404, not echoed). */
    private static String name(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) {
            throw notFound("?");
        }
        return name;
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("partition '" + name + "' does not exist");
    }

    private static ObjectNode quantities(Map<String, String> values) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(values).forEach(json::put);
        return json;
    }
}

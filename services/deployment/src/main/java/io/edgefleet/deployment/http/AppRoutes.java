package io.edgefleet.deployment.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppDefinition;
import io.edgefleet.deployment.app.AppRevision;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.webhook.AutoUpdateRule;
import io.edgefleet.deployment.partition.PartitionStates;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/apps/...}: create, list, get, update (a new revision), revision history, rollback
 * (a new revision copying an earlier one) and delete; an app in a Kubernetes partition shows the partition's report as
 * {@code partitionStatus}. Mount after {@code CallerTenants.requireTenantInPath()}.
 */
final class AppRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/apps";
    /** Longest {@code X-Edgefleet-Principal} kept as {@code createdBy} (the gateway sends far shorter ones). */

    // common.schema.json#/$defs/appName: a path segment that does not match cannot name an app
    private static final Logger LOG = LoggerFactory.getLogger(AppRoutes.class);

    private final AppStore store;
    private final PartitionStates partitions;
    private final JsonSchemas schemas;

    AppRoutes(AppStore store, PartitionStates partitions, JsonSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    void mount(Router router) {
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:name").handler(Reply.of(this::get));
        router.put(BASE + "/:name").handler(Reply.of(this::update));
        router.delete(BASE + "/:name").handler(Reply.of(this::delete));
        router.get(BASE + "/:name/revisions").handler(Reply.of(this::revisions));
        router.post(BASE + "/:name/rollback").handler(Reply.of(this::rollback));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/app-create");
        AutoUpdateRule.check(body);
        String name = body.get("name").asText();
        AppDefinition definition = definition(body, name);
        return store.create(tenant, name, definition, Callers.principal(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof AppStore.NameTakenException
                        ? ProblemException.conflict("app-exists", failure.getMessage()) : failure))
                .map(app -> {
                    LOG.info("app {} created in tenant {} by {}", name, tenant, Callers.principal(ctx));
                    return Reply.created(app.toJson(), "/api/v1/tenants/" + tenant + "/apps/" + name);
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return store.list(ctx.pathParam("tenant")).map(apps -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            apps.stream().map(App::toJson).forEach(page.putArray("items")::add);
            return Reply.ok(page);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        return store.get(tenant, name).compose(app -> {
            ObjectNode json = found(app, name).toJson();
            JsonNode partition = json.path("target").get("partition");
            return partition == null ? Future.succeededFuture(Reply.ok(json))
                    : partitions.appStatus(tenant, partition.asText(), name)
                            .map(status -> Reply.ok(json.set("partitionStatus", status)));
        });
    }

    private Future<Reply> update(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/app-update");
        AutoUpdateRule.check(body);
        return store.update(tenant, name, definition(body, name), Callers.principal(ctx)).map(change -> {
            AppStore.Change done = found(change, name);
            if (done.changed()) {
                LOG.info("app {} of tenant {} is at revision {} (update by {})", name, tenant, done.app().revision(),
                        Callers.principal(ctx));
            }
            return Reply.ok(done.app().toJson());
        });
    }

    private Future<Reply> rollback(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        int revision = Bodies.validJson(ctx, schemas, "rest/app-rollback").get("revision").asInt();
        return store.rollback(tenant, name, revision, Callers.principal(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof AppStore.NoSuchRevisionException
                        ? ProblemException.notFound(failure.getMessage()) : failure))
                .map(change -> {
                    AppStore.Change done = found(change, name);
                    if (done.changed()) {
                        LOG.info("app {} of tenant {} rolled back to revision {} as revision {} by {}", name, tenant,
                                revision, done.app().revision(), Callers.principal(ctx));
                    }
                    return Reply.ok(done.app().toJson());
                });
    }

    private Future<Reply> revisions(RoutingContext ctx) {
        String name = name(ctx);
        return store.revisions(ctx.pathParam("tenant"), name).map(revisions -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            found(revisions, name).stream().map(AppRevision::toJson).forEach(page.putArray("items")::add);
            return Reply.ok(page);
        });
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        return store.delete(tenant, name).map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            LOG.info("app {} deleted from tenant {} by {}", name, tenant, Callers.principal(ctx));
            return Reply.noContent();
        });
    }

    private static AppDefinition definition(JsonNode body, String name) {
        try {
            AppTarget.fromJson(body.get("target")).checkAppName(name);
        } catch (AppTarget.InvalidTargetException e) {
            throw ProblemException.validation(List.of(new FieldError(e.field(), e.getMessage())));
        }
        try {
            return AppDefinition.fromBody(body);
        } catch (AppTarget.InvalidTargetException e) {
            throw ProblemException.validation(List.of(new FieldError(e.field(), e.getMessage())));
        }
    }

    private static String name(RoutingContext ctx) {
        return PathNames.name(ctx, "app", "tenant");
    }

    private static <T> T found(Optional<T> value, String name) {
        return value.orElseThrow(() -> notFound(name));
    }

    private static ProblemException notFound(String name) {
        return PathNames.notFound(name, "app", "tenant");
    }

}

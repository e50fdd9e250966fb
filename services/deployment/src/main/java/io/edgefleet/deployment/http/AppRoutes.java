package io.edgefleet.deployment.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppRevision;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.config.ConfigRefs;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/apps/...}: create, list, get, update (a new revision), revision history, rollback
 * (a new revision copying an earlier one) and delete. Mount after {@code CallerTenants.requireTenantInPath()}.
 */
final class AppRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/apps";
    /** Longest {@code X-Edgefleet-Principal} kept as {@code createdBy} (the gateway sends far shorter ones). */
    static final int MAX_PRINCIPAL = 200;

    // common.schema.json#/$defs/appName: a path segment that does not match cannot name an app
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");
    private static final Logger LOG = LoggerFactory.getLogger(AppRoutes.class);

    private final AppStore store;
    private final JsonSchemas schemas;

    AppRoutes(AppStore store, JsonSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
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
        AppTarget target = target(body);
        String name = body.get("name").asText();
        return store.create(tenant, name, body.get("spec"), target, ConfigRefs.fromBody(body), createdBy(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof AppStore.NameTakenException
                        ? ProblemException.conflict("app-exists", failure.getMessage()) : failure))
                .map(app -> {
                    LOG.info("app {} created in tenant {} by {}", name, tenant, createdBy(ctx));
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
        return store.get(tenant, name).map(app -> Reply.ok(found(app, name).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/app-update");
        AppTarget target = target(body);
        return store.update(tenant, name, body.get("spec"), target, ConfigRefs.fromBody(body), createdBy(ctx))
                .map(change -> {
            AppStore.Change done = found(change, name);
            if (done.changed()) {
                LOG.info("app {} of tenant {} is at revision {} (update by {})", name, tenant, done.app().revision(),
                        createdBy(ctx));
            }
            return Reply.ok(done.app().toJson());
        });
    }

    private Future<Reply> rollback(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        int revision = Bodies.validJson(ctx, schemas, "rest/app-rollback").get("revision").asInt();
        return store.rollback(tenant, name, revision, createdBy(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof AppStore.NoSuchRevisionException
                        ? ProblemException.notFound(failure.getMessage()) : failure))
                .map(change -> {
                    AppStore.Change done = found(change, name);
                    if (done.changed()) {
                        LOG.info("app {} of tenant {} rolled back to revision {} as revision {} by {}", name, tenant,
                                revision, done.app().revision(), createdBy(ctx));
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
            LOG.info("app {} deleted from tenant {} by {}", name, tenant, createdBy(ctx));
            return Reply.noContent();
        });
    }

    private static AppTarget target(JsonNode body) {
        try {
            return AppTarget.fromJson(body.get("target"));
        } catch (AppTarget.InvalidTargetException e) {
            throw ProblemException.validation(List.of(new FieldError("/target/selector", e.getMessage())));
        }
    }

    private static String name(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) {
            throw notFound(name);
        }
        return name;
    }

    private static <T> T found(Optional<T> value, String name) {
        return value.orElseThrow(() -> notFound(name));
    }

    private static ProblemException notFound(String name) {
        // the name is not echoed when it cannot be an app name: it may be anything the caller typed
        return ProblemException.notFound(NAME.matcher(name).matches() ? "no app named '" + name + "' in this tenant"
                : "no such app in this tenant");
    }

    private static String createdBy(RoutingContext ctx) {
        String principal = InternalAuth.principal(ctx).orElse("internal");
        return principal.length() > MAX_PRINCIPAL ? principal.substring(0, MAX_PRINCIPAL) : principal;
    }
}

package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.AppDefinition;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.http.Callers;
import io.edgefleet.deployment.http.PathNames;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App templates: a tenant's catalogue under {@code /api/v1/tenants/{tenant}/templates} (mount after
 * {@code CallerTenants.requireTenantInPath()}), the shared catalogue under {@code /api/v1/templates} (every caller
 * reads it, only a caller of every tenant changes it), and instantiation
 * ({@code POST .../templates/{name}/instantiate}, {@code POST .../templates/shared/{name}/instantiate}) which creates
 * the app through {@link AppStore#create} like {@code POST .../apps}.
 */
public final class TemplateRoutes {

    static final String TENANT = "/api/v1/tenants/:tenant/templates";
    static final String SHARED = "/api/v1/templates";
    private static final Logger LOG = LoggerFactory.getLogger(TemplateRoutes.class);

    private final TemplateStore templates;
    private final AppStore apps;
    private final JsonSchemas schemas;

    public TemplateRoutes(TemplateStore templates, AppStore apps, JsonSchemas schemas) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        Function<RoutingContext, String> tenant = ctx -> ctx.pathParam("tenant");
        Function<RoutingContext, String> shared = ctx -> Template.SHARED;
        router.post(TENANT + "/shared/:name/instantiate").handler(Reply.of(ctx -> instantiate(ctx, Template.SHARED)));
        router.post(TENANT + "/:name/instantiate").handler(Reply.of(ctx -> instantiate(ctx, ctx.pathParam("tenant"))));
        crud(router, TENANT, tenant, false);
        crud(router, SHARED, shared, true);
    }

    private void crud(Router router, String base, Function<RoutingContext, String> catalogue, boolean adminWrites) {
        router.post(base).handler(Reply.of(ctx -> create(ctx, writable(ctx, catalogue, adminWrites), base)));
        router.get(base).handler(Reply.of(ctx -> list(catalogue.apply(ctx))));
        router.get(base + "/:name").handler(Reply.of(ctx -> get(catalogue.apply(ctx), name(ctx))));
        router.put(base + "/:name").handler(Reply.of(ctx -> update(ctx, writable(ctx, catalogue, adminWrites))));
        router.delete(base + "/:name").handler(Reply.of(ctx -> delete(ctx, writable(ctx, catalogue, adminWrites))));
    }

    private static String writable(RoutingContext ctx, Function<RoutingContext, String> catalogue, boolean adminOnly) {
        if (adminOnly && !CallerTenants.of(ctx).isAll()) {
            throw ProblemException.forbidden("only a platform admin changes the shared template catalogue");
        }
        return catalogue.apply(ctx);
    }

    private Future<Reply> create(RoutingContext ctx, String catalogue, String base) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/template-create");
        TemplateDefinition definition = TemplateDefinition.parse(body, schemas);
        String name = body.get("name").asText();
        return templates.create(catalogue, name, definition.toJson(body), Callers.principal(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof TemplateStore.NameTakenException
                        ? ProblemException.conflict("template-exists", failure.getMessage()) : failure))
                .map(template -> {
                    LOG.info("template {} created in catalogue '{}' by {}", name, catalogue, Callers.principal(ctx));
                    return Reply.created(template.toJson(), ctx.request().path().replaceAll("/+$", "") + "/" + name);
                });
    }

    private Future<Reply> list(String catalogue) {
        return templates.list(catalogue).map(found -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            found.stream().map(Template::toJson).forEach(page.putArray("items")::add);
            return Reply.ok(page);
        });
    }

    private Future<Reply> get(String catalogue, String name) {
        return templates.get(catalogue, name).map(found -> Reply.ok(found.orElseThrow(() -> notFound(name)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx, String catalogue) {
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/template-update");
        TemplateDefinition definition = TemplateDefinition.parse(body, schemas);
        return templates.update(catalogue, name, definition.toJson(body), Callers.principal(ctx)).map(found -> {
            Template template = found.orElseThrow(() -> notFound(name));
            LOG.info("template {} of catalogue '{}' is at version {} (update by {})", name, catalogue,
                    template.version(), Callers.principal(ctx));
            return Reply.ok(template.toJson());
        });
    }

    private Future<Reply> delete(RoutingContext ctx, String catalogue) {
        String name = name(ctx);
        return templates.delete(catalogue, name).map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            LOG.info("template {} deleted from catalogue '{}' by {}", name, catalogue, Callers.principal(ctx));
            return Reply.noContent();
        });
    }

    private Future<Reply> instantiate(RoutingContext ctx, String catalogue) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/template-instantiate");
        String app = body.get("app").asText();
        AppTarget target;
        try {
            target = AppTarget.fromJson(body.get("target"));
            target.checkAppName(app);
        } catch (AppTarget.InvalidTargetException e) {
            throw ProblemException.validation(List.of(new FieldError(
                    "/name".equals(e.field()) ? "/app" : e.field(), e.getMessage())));
        }
        return templates.get(catalogue, name).compose(found -> {
            Template template = found.orElseThrow(() -> notFound(name));
            // the stored body passed the checks when it was saved; parsing again yields its params
            JsonNode spec = TemplateDefinition.parse(template.body(), schemas).instantiate(body.get("params"), schemas);
            return apps.create(tenant, app, AppDefinition.of(spec, target), Callers.principal(ctx))
                    .recover(failure -> Future.failedFuture(failure instanceof AppStore.NameTakenException
                            ? ProblemException.conflict("app-exists", failure.getMessage()) : failure))
                    .map(created -> {
                        LOG.info("app {} created in tenant {} from template {} version {} of catalogue '{}' by {}",
                                app, tenant, name, template.version(), catalogue, Callers.principal(ctx));
                        ObjectNode json = created.toJson();
                        json.putObject("template").put("catalogue", Template.SHARED.equals(catalogue) ? "shared"
                                : "tenant").put("name", name).put("version", template.version());
                        return Reply.created(json, "/api/v1/tenants/" + tenant + "/apps/" + app);
                    });
        });
    }

    private static String name(RoutingContext ctx) {
        return PathNames.name(ctx, "template", "catalogue");
    }

    private static ProblemException notFound(String name) {
        return PathNames.notFound(name, "template", "catalogue");
    }

}

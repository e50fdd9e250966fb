package io.edgefleet.deployment.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.http.Callers;
import io.edgefleet.deployment.http.PathNames;
import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/registries/...}: create, list, get, update (rotates the password when one is
 * given), delete (409 while apps use it). Responses never carry the password, only {@code hasPassword}. Without
 * {@value SecretBox#SECRET_KEY} writes answer 503. Mount after {@code CallerTenants.requireTenantInPath()}.
 */
public final class RegistryRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/registries";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRoutes.class);

    private final RegistryStore store;
    private final JsonSchemas schemas;

    public RegistryRoutes(RegistryStore store, JsonSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:name").handler(Reply.of(this::get));
        router.put(BASE + "/:name").handler(Reply.of(this::update));
        router.delete(BASE + "/:name").handler(Reply.of(this::delete));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/registry-create");
        requireSeal();
        String name = body.get("name").asText();
        return store.create(tenant, name, body.get("host").asText(), body.get("username").asText(),
                        body.get("password").asText(), Callers.principal(ctx))
                .recover(RegistryRoutes::conflict)
                .map(registry -> {
                    LOG.info("registry {} (host {}) created in tenant {} by {}", name, registry.host(), tenant, Callers.principal(ctx));
                    return Reply.created(registry.toJson(), "/api/v1/tenants/" + tenant + "/registries/" + name);
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return store.list(ctx.pathParam("tenant")).map(registries -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            registries.stream().map(Registry::toJson).forEach(page.putArray("items")::add);
            return Reply.ok(page);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        String name = name(ctx);
        return store.get(ctx.pathParam("tenant"), name)
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(name)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/registry-update");
        requireSeal();
        String password = body.hasNonNull("password") ? body.get("password").asText() : null;
        return store.update(tenant, name, body.get("host").asText(), body.get("username").asText(), password, Callers.principal(ctx))
                .recover(RegistryRoutes::conflict)
                .map(found -> {
                    Registry registry = found.orElseThrow(() -> notFound(name));
                    LOG.info("registry {} of tenant {} is at version {} (update by {}{})", name, tenant,
                            registry.version(), Callers.principal(ctx), password == null ? "" : ", new password");
                    return Reply.ok(registry.toJson());
                });
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        return store.delete(tenant, name)
                .recover(failure -> Future.failedFuture(failure instanceof RegistryStore.InUseException
                        ? ProblemException.conflict("registry-in-use", failure.getMessage()) : failure))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(name);
                    }
                    LOG.info("registry {} deleted from tenant {} by {}", name, tenant, Callers.principal(ctx));
                    return Reply.noContent();
                });
    }

    private void requireSeal() {
        if (!store.canSeal()) {
            throw ProblemException.unavailable("registry credentials are stored encrypted and the deployment service has"
                    + " no " + SecretBox.SECRET_KEY);
        }
    }

    private static <T> Future<T> conflict(Throwable failure) {
        return Future.failedFuture(failure instanceof RegistryStore.TakenException
                ? ProblemException.conflict("registry-exists", failure.getMessage()) : failure);
    }

    private static String name(RoutingContext ctx) {
        return PathNames.name(ctx, "registry", "tenant");
    }

    private static ProblemException notFound(String name) {
        return PathNames.notFound(name, "registry", "tenant");
    }

}

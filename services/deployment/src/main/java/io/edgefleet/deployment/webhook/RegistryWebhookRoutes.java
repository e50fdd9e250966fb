package io.edgefleet.deployment.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.http.Callers;
import io.edgefleet.kit.http.Bodies;
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
 * {@code POST /api/v1/tenants/{tenant}/webhooks/registry} (mount after {@code CallerTenants.requireTenantInPath()}):
 * a registry's push notification releases the tenant's apps that follow the pushed repository and tag
 * ({@code autoUpdate}). Each such app whose image differs gets a new revision through {@link AppStore#updateFrom} with
 * {@code spec.image = <autoUpdate.repository>:<tag>}, created by {@code webhook:<caller>}; everything else of the
 * revision stays. Answers 200 {@code {released: [{name, revision, image}]}}.
 */
public final class RegistryWebhookRoutes {

    static final String PATH = "/api/v1/tenants/:tenant/webhooks/registry";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWebhookRoutes.class);

    private final AppStore apps;
    private final JsonSchemas schemas;

    public RegistryWebhookRoutes(AppStore apps, JsonSchemas schemas) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        router.post(PATH).handler(Reply.of(this::notified));
    }

    private Future<Reply> notified(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        List<RegistryPush> pushes = RegistryPush.of(Bodies.validJson(ctx, schemas, "rest/registry-notification"));
        String createdBy = "webhook:" + Callers.principal(ctx);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode released = answer.putArray("released");
        if (pushes.isEmpty()) {
            return Future.succeededFuture(Reply.ok(answer));
        }
        return apps.list(tenant).compose(all -> {
            Future<Void> chain = Future.succeededFuture();
            for (App app : all) {
                if (app.autoUpdate() != null) {
                    chain = chain.compose(v -> release(tenant, app.name(), pushes, createdBy, released));
                }
            }
            return chain;
        }).map(v -> Reply.ok(answer));
    }

    private Future<Void> release(String tenant, String name, List<RegistryPush> pushes, String createdBy,
                                 ArrayNode released) {
        return apps.updateFrom(tenant, name, current -> wanted(current, pushes), createdBy).map(change -> {
            change.filter(AppStore.Change::changed).ifPresent(done -> {
                String image = done.app().spec().get("image").asText();
                released.addObject().put("name", name).put("revision", done.app().revision()).put("image", image);
                LOG.info("app {} of tenant {} released at revision {} with image {} ({})", name, tenant,
                        done.app().revision(), image, createdBy);
            });
            return null;
        });
    }

    /** The app with the image of the last push it follows; empty when none matches or it runs that image already. */
    private Optional<App> wanted(App current, List<RegistryPush> pushes) {
        if (current.autoUpdate() == null) {
            return Optional.empty();
        }
        AutoUpdateRule rule = AutoUpdateRule.fromJson(current.autoUpdate());
        Optional<String> image = pushes.stream().filter(p -> rule.follows(p.host(), p.repository(), p.tag()))
                .reduce((first, second) -> second).map(p -> rule.repository() + ":" + p.tag());
        if (image.isEmpty() || image.get().equals(current.spec().path("image").asText())) {
            return Optional.empty();
        }
        ObjectNode spec = current.spec().deepCopy();
        spec.put("image", image.get());
        if (!schemas.validate("app-spec", spec).isEmpty()) {
            LOG.warn("app {} of tenant {} not released: image {} does not make a valid spec", current.name(),
                    current.tenant(), image.get());
            return Optional.empty();
        }
        return Optional.of(new App(current.tenant(), current.name(), current.revision(), spec, current.target(),
                current.rollout(), current.overrides(), current.createdAt(), current.updatedAt(), current.autoUpdate(),
                current.config()));
    }

}

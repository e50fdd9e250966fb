package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.kit.labels.LabelSelector;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/alert-rules}: the tenant's own rules (create, read, replace, delete) and the built-ins
 * (listed with the rest; PUT tunes one, DELETE restores its defaults).
 */
final class RuleRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/alert-rules";
    private static final Logger LOG = LoggerFactory.getLogger(RuleRoutes.class);

    private final RuleStore rules;
    private final ChannelStore channels;
    private final JsonSchemas schemas;

    RuleRoutes(Pool pool, JsonSchemas schemas) {
        this.rules = new RuleStore(pool);
        this.channels = new ChannelStore(pool);
        this.schemas = schemas;
    }

    void mount(Router router) {
        router.get(BASE).handler(Reply.of(ctx -> rules.list(tenant(ctx)).map(all -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            all.forEach(rule -> page.withArray("items").add(rule.toJson()));
            return Reply.ok(page);
        })));
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE + "/:id").handler(Reply.of(ctx -> rules.get(tenant(ctx), ctx.pathParam("id"))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson()))));
        router.put(BASE + "/:id").handler(Reply.of(this::update));
        router.delete(BASE + "/:id").handler(Reply.of(this::delete));
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/alert-rule");
        AlertRule rule = parse(UUID.randomUUID().toString(), body);
        return channels.checkExist(tenant(ctx), rule.channels())
                .compose(v -> rules.create(tenant(ctx), rule))
                .recover(RuleRoutes::conflict)
                .map(created -> {
                    LOG.info("alert rule {} ({}) created in tenant {}", created.name(), created.id(), tenant(ctx));
                    return Reply.created(created.toJson(), ctx.request().path().replaceAll("/+$", "") + "/" + created.id());
                });
    }

    private Future<Reply> update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (Builtin.byId(id).isPresent()) {
            JsonNode body = Bodies.validJson(ctx, schemas, "rest/alert-rule-tuning");
            return rules.get(tenant(ctx), id).compose(current -> {
                AlertRule tuned = current.orElseThrow().tuned(body);
                return channels.checkExist(tenant(ctx), tuned.channels()).compose(v -> rules.tune(tenant(ctx), tuned));
            }).map(tuned -> {
                LOG.info("built-in alert rule {} tuned in tenant {}: {}", id, tenant(ctx), tuned.tuningJson());
                return Reply.ok(tuned.toJson());
            });
        }
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/alert-rule");
        AlertRule rule = parse(id, body);
        return channels.checkExist(tenant(ctx), rule.channels())
                .compose(v -> rules.replace(tenant(ctx), rule))
                .recover(RuleRoutes::conflict)
                .map(replaced -> Reply.ok(replaced.orElseThrow(() -> notFound(ctx)).toJson()));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return rules.delete(tenant(ctx), id).map(deleted -> {
            if (!deleted && Builtin.byId(id).isEmpty()) {
                throw notFound(ctx);
            }
            LOG.info("alert rule {} of tenant {} {}", id, tenant(ctx), Builtin.byId(id).isPresent()
                    ? "back to its defaults" : "deleted");
            return Reply.noContent();
        });
    }

    private static AlertRule parse(String id, JsonNode body) {
        String name = body.get("name").asText();
        for (Builtin builtin : Builtin.values()) {
            // a built-in's alerts carry its name as alertname: a rule of the same name would be confused with it
            if (builtin.defaults().name().equalsIgnoreCase(name)) {
                throw ProblemException.conflict("alert-rule-exists", "'" + name + "' is the name of the built-in rule "
                        + builtin.id());
            }
        }
        try {
            return AlertRule.fromBody(id, body);
        } catch (LabelSelector.InvalidSelectorException e) {
            throw ProblemException.validation(List.of(new FieldError("/scope/selector", e.getMessage())));
        }
    }

    private static <T> Future<T> conflict(Throwable failure) {
        return Future.failedFuture(failure instanceof RuleStore.NameTakenException
                ? ProblemException.conflict("alert-rule-exists", failure.getMessage()) : failure);
    }

    private static String tenant(RoutingContext ctx) {
        return ctx.pathParam("tenant");
    }

    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("alert rule '" + ctx.pathParam("id") + "' does not exist");
    }
}

package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.desired.TenantLock;
import io.edgefleet.deployment.http.PathNames;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollouts of an app: {@code GET .../apps/{name}/rollout} (the latest, with every endpoint's progress),
 * {@code GET .../apps/{name}/rollouts} (history, newest first, with counts) and
 * {@code POST .../apps/{name}/rollout/{pause|resume|abort|promote}}.
 */
public final class RolloutRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRoutes.class);
    private static final String BASE = "/api/v1/tenants/:tenant/apps/:name";
    private static final int HISTORY = 20;

    private final Pool pool;
    private final RolloutEngine engine;
    private final Runnable afterCommit;

    /** @param afterCommit runs after an action committed (wakes the outbox relay) */
    public RolloutRoutes(Pool pool, RolloutEngine engine, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    public void mount(Router router) {
        router.get(BASE + "/rollout").handler(Reply.of(this::latest));
        router.get(BASE + "/rollouts").handler(Reply.of(this::history));
        router.post(BASE + "/rollout/:action").handler(Reply.of(this::control));
    }

    private Future<Reply> latest(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String app = name(ctx);
        return engine.store().ofApp(pool, tenant, app, 1).compose(rollouts -> {
            if (rollouts.isEmpty()) {
                throw ProblemException.notFound("app '" + app + "' has no rollout in this tenant");
            }
            return detailed(rollouts.get(0)).map(Reply::ok);
        });
    }

    private Future<Reply> history(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String app = name(ctx);
        return engine.store().ofApp(pool, tenant, app, HISTORY).compose(rollouts -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            ArrayNode items = page.putArray("items");
            Future<Void> chain = Future.succeededFuture();
            for (Rollout rollout : rollouts) {
                chain = chain.compose(v -> engine.store().targets(pool, rollout.id()))
                        .map(targets -> {
                            items.add(summary(rollout, targets));
                            return null;
                        });
            }
            return chain.map(v -> Reply.ok(page));
        });
    }

    private Future<Reply> control(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String app = name(ctx);
        RolloutEngine.Action action = action(ctx.pathParam("action"));
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                        .compose(v -> engine.control(tx, tenant, app, action)))
                .recover(failure -> Future.failedFuture(failure instanceof IllegalStateException
                        ? ProblemException.conflict("rollout-state", failure.getMessage()) : failure))
                .compose(rollout -> {
                    Rollout done = rollout.orElseThrow(() -> ProblemException.notFound("app '" + app
                            + "' has no rollout in progress in this tenant"));
                    afterCommit.run();
                    LOG.info("rollout {} of app {} of tenant {}: {} -> {}", done.id(), app, tenant,
                            action.name().toLowerCase(Locale.ROOT), done.state().wire());
                    return detailed(done).map(Reply::ok);
                });
    }

    private Future<ObjectNode> detailed(Rollout rollout) {
        return engine.store().targets(pool, rollout.id()).map(targets -> {
            ObjectNode json = summary(rollout, targets);
            ArrayNode endpoints = json.putArray("endpoints");
            for (Target target : targets) {
                ObjectNode entry = endpoints.addObject().put("endpoint", target.endpoint())
                        .put("state", target.state().wire()).put("canary", target.canary())
                        .put("fromRevision", target.fromRevision());
                optional(entry, "reason", target.reason());
                optional(entry, "startedAt", target.startedAt());
                optional(entry, "finishedAt", target.finishedAt());
            }
            return json;
        });
    }

    private static ObjectNode summary(Rollout rollout, List<Target> targets) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", rollout.id().toString());
        json.put("app", rollout.app());
        json.put("revision", rollout.revision());
        json.put("state", rollout.state().wire());
        json.put("phase", rollout.canaryPhase() ? "canary" : "main");
        optional(json, "reason", rollout.reason());
        json.set("strategy", rollout.strategy().toJson());
        json.set("counts", RolloutEvents.counts(targets));
        json.put("createdBy", rollout.createdBy());
        json.put("createdAt", rollout.createdAt().toString());
        json.put("updatedAt", rollout.updatedAt().toString());
        return json;
    }

    private static void optional(ObjectNode json, String field, Object value) {
        if (value != null) {
            json.put(field, value instanceof Instant instant ? instant.toString() : value.toString());
        }
    }

    private static RolloutEngine.Action action(String text) {
        return Optional.of(text).filter(t -> t.matches("pause|resume|abort|promote"))
                .map(t -> RolloutEngine.Action.valueOf(t.toUpperCase(Locale.ROOT)))
                .orElseThrow(() -> ProblemException.notFound("no rollout action '" + (text.matches("[a-z-]{1,20}")
                        ? text : "?") + "'; use pause, resume, abort or promote"));
    }

    private static String name(RoutingContext ctx) {
        return PathNames.name(ctx, "app", "tenant");
    }
}

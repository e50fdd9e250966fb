package io.edgefleet.kit.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness and readiness endpoints: {@code GET /health/live} is 200 {@code {"status":"UP"}} while the
 * process serves HTTP; {@code GET /health/ready} runs every readiness check (each at most 5 s) and answers
 * 200 {@code {"status":"UP","checks":{...}}} or 503 {@code {"status":"DOWN","checks":{"postgres":"DOWN: ..."}}}.
 */
public final class Health {

    private static final long CHECK_TIMEOUT_SECONDS = 5;

    private Health() {
    }

    /** Mounts the endpoints with checks named {@code check-1}, {@code check-2}, ... */
    @SafeVarargs
    public static void mount(Router router, Supplier<Future<?>>... readinessChecks) {
        Map<String, Supplier<Future<?>>> named = new LinkedHashMap<>();
        for (int i = 0; i < readinessChecks.length; i++) {
            named.put("check-" + (i + 1), readinessChecks[i]);
        }
        mount(router, named);
    }

    /**
     * Mounts the endpoints with named checks, e.g. {@code Map.of("postgres", () -> pool.query("SELECT 1")
     * .execute(), "mqtt", () -> mqtt.isConnected() ? Future.succeededFuture() : Future.failedFuture("down"))}.
     */
    public static void mount(Router router, Map<String, Supplier<Future<?>>> readinessChecks) {
        Objects.requireNonNull(router, "router");
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>(readinessChecks);
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(ctx -> ready(ctx, checks));
    }

    private static void ready(RoutingContext ctx, Map<String, Supplier<Future<?>>> checks) {
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<?>> results = new ArrayList<>();
        for (String name : names) {
            results.add(run(checks.get(name)).timeout(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        Future.join(results).onComplete(ignored -> {
            ObjectNode doc = Json.mapper().createObjectNode();
            ObjectNode details = Json.mapper().createObjectNode();
            boolean up = true;
            for (int i = 0; i < names.size(); i++) {
                Future<?> result = results.get(i);
                if (result.succeeded()) {
                    details.put(names.get(i), "UP");
                } else {
                    up = false;
                    details.put(names.get(i), "DOWN: " + result.cause().getMessage());
                }
            }
            doc.put("status", up ? "UP" : "DOWN");
            doc.set("checks", details);
            ctx.response()
                    .setStatusCode(up ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.write(doc));
        });
    }

    /** A readiness check that runs {@code SELECT 1} on the pool. */
    public static Supplier<Future<?>> database(Pool pool) {
        Objects.requireNonNull(pool, "pool");
        return () -> pool.query("SELECT 1").execute();
    }

    /** A readiness check that passes while the MQTT client is connected. */
    public static Supplier<Future<?>> mqtt(MqttEventClient client) {
        Objects.requireNonNull(client, "client");
        return () -> client.isConnected() ? Future.succeededFuture() : Future.failedFuture("MQTT not connected");
    }

    private static Future<?> run(Supplier<Future<?>> check) {
        try {
            Future<?> result = check.get();
            return result == null ? Future.failedFuture("check returned no result") : result;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}

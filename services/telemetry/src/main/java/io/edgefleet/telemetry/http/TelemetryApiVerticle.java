package io.edgefleet.telemetry.http;

import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.Problems;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.telemetry.TelemetryPart;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry service's internal HTTP port: each part's routes under {@code /api/v1/tenants/{tenant}/...}
 * (internal token and the caller's tenants required), {@code /health/*} and {@code /metrics}.
 */
public final class TelemetryApiVerticle extends VerticleBase {

    /** Largest request body accepted: rules, channels and subscriptions are small documents. */
    public static final long BODY_LIMIT_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryApiVerticle.class);

    private final HttpConfig http;
    private final String internalToken;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final PrometheusMeterRegistry meters;
    private final List<TelemetryPart> parts;
    private HttpServer server;

    public TelemetryApiVerticle(HttpConfig http, String internalToken, Pool pool, MqttEventClient mqtt,
                                PrometheusMeterRegistry meters, List<TelemetryPart> parts) {
        this.http = Objects.requireNonNull(http, "http");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.parts = List.copyOf(parts);
    }

    @Override
    public Future<?> start() {
        Router router = Problems.install(Router.router(vertx));
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
        checks.put("postgres", Health.database(pool));
        checks.put("broker", Health.mqtt(mqtt));
        Health.mount(router, checks);
        Metrics.mount(router, meters);

        router.route("/api/*").handler(InternalAuth.requireInternalToken(internalToken));
        router.route("/api/*").handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)));
        router.route("/api/v1/tenants/:tenant/*").handler(CallerTenants.requireTenantInPath());
        parts.forEach(part -> part.mount(router));

        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(http.port(), http.host())
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("telemetry HTTP listening on {}:{}", http.host(), listening.actualPort());
                });
    }

    /** The port the server listens on (the OS's choice when configured with 0). */
    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return server.actualPort();
    }
}

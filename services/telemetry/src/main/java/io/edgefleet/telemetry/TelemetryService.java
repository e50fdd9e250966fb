package io.edgefleet.telemetry;

import io.edgefleet.kit.Deployments;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.db.OutboxRelay;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.telemetry.alert.AlertsPart;
import io.edgefleet.telemetry.http.TelemetryApiVerticle;
import io.edgefleet.telemetry.notify.DeliveryWorker;
import io.edgefleet.telemetry.notify.NotifySettings;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry service deployed into a Vert.x instance: migrates the {@code telemetry} schema, connects to the
 * broker as {@code svc:telemetry}, starts the outbox relay and every {@link TelemetryPart}, then the HTTP API.
 * {@link Main} and the all-in-one process both start it through {@link #deploy}.
 */
public final class TelemetryService {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryService.class);

    private final Vertx vertx;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final List<String> deployments;
    private final TelemetryApiVerticle api;

    private TelemetryService(Vertx vertx, Pool pool, MqttEventClient mqtt, List<String> deployments,
                             TelemetryApiVerticle api) {
        this.vertx = vertx;
        this.pool = pool;
        this.mqtt = mqtt;
        this.deployments = List.copyOf(deployments);
        this.api = api;
    }

    /** The parts this service runs, in start order. */
    static List<TelemetryPart> parts() {
        return List.of(
                new io.edgefleet.telemetry.metrics.MetricsPart(),
                new io.edgefleet.telemetry.logs.LogsPart(),
                new io.edgefleet.telemetry.subscription.EventsPart(),
                new AlertsPart());
    }

    /** {@link #deploy(Vertx, TelemetryConfig, PrometheusMeterRegistry)} with a registry of its own for /metrics. */
    public static Future<TelemetryService> deploy(Vertx vertx, TelemetryConfig config) {
        return deploy(vertx, config, Metrics.registry());
    }

    /**
     * Starts the service. Fails when the database cannot be migrated, the broker refuses the service account, or the
     * HTTP port is taken; whatever had started is then stopped again.
     *
     * @param meters where the service's metrics go and what {@code /metrics} shows
     */
    public static Future<TelemetryService> deploy(Vertx vertx, TelemetryConfig config, PrometheusMeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Startup startup = new Startup(vertx);
        List<TelemetryPart> parts = parts();
        return vertx.executeBlocking(JsonSchemas::load, false)
                .compose(schemas -> Database.migrateAndConnect(vertx, config.db(), TelemetryConfig.SERVICE)
                        .compose(pool -> {
                            startup.pool = pool;
                            startup.mqtt = MqttEventClient.create(vertx, config.mqtt()).bindTo(meters, "telemetry");
                            OutboxRelay relay = new OutboxRelay(pool, startup.mqtt);
                            DeliveryWorker worker = new DeliveryWorker(pool, NotifySettings.fromEnv(config.env()), meters);
                            TelemetryContext context = new TelemetryContext(vertx, pool, startup.mqtt, schemas, meters,
                                    config, relay, startup.deployments, new WebhookDeliveries(pool, worker::wake));
                            return context.deploy(relay)
                                    .compose(v -> context.deploy(worker))
                                    .compose(v -> startParts(parts, context));
                        })
                        // parts subscribe before the first connect: messages queued for the persistent session
                        // arrive right after CONNACK and must find their handler
                        .compose(v -> startup.mqtt.start())
                        .compose(v -> {
                            TelemetryApiVerticle api = new TelemetryApiVerticle(config.http(), config.internalToken(),
                                    startup.pool, startup.mqtt, meters, parts);
                            return vertx.deployVerticle(api).onSuccess(startup.deployments::add).map(api);
                        }))
                .map(api -> {
                    LOG.info("telemetry started: HTTP port {}, broker {}:{}, database {}", api.actualPort(),
                            config.mqtt().host(), config.mqtt().port(), config.db().database());
                    return new TelemetryService(vertx, startup.pool, startup.mqtt, startup.deployments, api);
                })
                .recover(failure -> startup.undo().transform(ignored -> Future.failedFuture(failure)));
    }

    private static Future<Void> startParts(List<TelemetryPart> parts, TelemetryContext context) {
        Future<Void> chain = Future.succeededFuture();
        for (TelemetryPart part : parts) {
            chain = chain.compose(v -> part.start(context)
                    .onSuccess(started -> LOG.debug("telemetry part {} started", part.name())));
        }
        return chain;
    }

    /** The port of the HTTP API (useful when configured with port 0). */
    public int httpPort() {
        return api.actualPort();
    }

    /** Stops consuming, undeploys the verticles and closes the pool and the broker connection. */
    public Future<Void> close() {
        return mqtt.close().recover(e -> Future.succeededFuture())
                .compose(v -> Deployments.undeployInReverse(vertx, deployments, TelemetryConfig.SERVICE))
                .compose(v -> pool.close())
                .onSuccess(v -> LOG.info("telemetry stopped"));
    }

    /** What a deploy started so far, so that a failed start can stop it again. */
    private static final class Startup {
        private final Vertx vertx;
        private final List<String> deployments = new ArrayList<>();
        private Pool pool;
        private MqttEventClient mqtt;

        Startup(Vertx vertx) {
            this.vertx = vertx;
        }

        Future<Void> undo() {
            Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.close().recover(e -> Future.succeededFuture());
            return mqttClosed
                    .compose(v -> Deployments.undeployInReverse(vertx, deployments, TelemetryConfig.SERVICE))
                    .compose(v -> pool == null ? Future.succeededFuture() : pool.close().recover(e -> Future.succeededFuture()));
        }
    }
}

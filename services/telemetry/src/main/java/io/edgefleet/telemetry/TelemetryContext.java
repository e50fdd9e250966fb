package io.edgefleet.telemetry;

import io.edgefleet.kit.db.OutboxRelay;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * What a {@link TelemetryPart} gets to work with: the service's Vert.x, database pool, broker connection, schemas,
 * metrics registry and settings, and a way to deploy verticles that the service undeploys when it stops.
 */
public final class TelemetryContext {

    private final Vertx vertx;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final JsonSchemas schemas;
    private final PrometheusMeterRegistry meters;
    private final TelemetryConfig config;
    private final OutboxRelay relay;
    private final List<String> deployments;
    private final WebhookDeliveries webhooks;

    TelemetryContext(Vertx vertx, Pool pool, MqttEventClient mqtt, JsonSchemas schemas, PrometheusMeterRegistry meters,
                     TelemetryConfig config, OutboxRelay relay, List<String> deployments, WebhookDeliveries webhooks) {
        this.vertx = vertx;
        this.pool = pool;
        this.mqtt = mqtt;
        this.schemas = schemas;
        this.meters = meters;
        this.config = config;
        this.relay = relay;
        this.deployments = deployments;
        this.webhooks = webhooks;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public MqttEventClient mqtt() {
        return mqtt;
    }

    public JsonSchemas schemas() {
        return schemas;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public TelemetryConfig config() {
        return config;
    }

    /** The webhook delivery queue (signed POSTs with retries) that alert channels and event subscriptions share. */
    public WebhookDeliveries webhooks() {
        return webhooks;
    }

    /** Wakes the outbox relay after a transaction wrote events to the outbox. */
    public Runnable wakeRelay() {
        return relay::wake;
    }

    /** Dead letters and schema validation at ingress, reported as {@code svc:telemetry}. */
    public JsonIngress ingress() {
        return new JsonIngress(schemas, deadLetters());
    }

    public DeadLetters deadLetters() {
        return new DeadLetters(mqtt, TelemetryConfig.SERVICE, meters);
    }

    /** Deploys a verticle that the service undeploys (in reverse order) when it stops. */
    public Future<String> deploy(Deployable verticle) {
        return vertx.deployVerticle(verticle).onSuccess(deployments::add);
    }
}

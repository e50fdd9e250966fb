package io.edgefleet.gateway;

import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Deploys the gateway into a Vert.x instance; used by {@link Main} and by the all-in-one process. */
public final class GatewayService {

    private final Vertx vertx;
    private final String deploymentId;
    private final GatewayVerticle verticle;
    private final MqttEventClient mqtt;

    private GatewayService(Vertx vertx, String deploymentId, GatewayVerticle verticle, MqttEventClient mqtt) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.mqtt = mqtt;
    }

    /**
     * Connects to the broker as {@code svc:gateway} (tenant states in, audit events out) and starts the HTTP server.
     *
     * @param meters the registry {@code /metrics} serves; the Vert.x instance should report into it too
     *     (see {@link Metrics#vertx(PrometheusMeterRegistry)})
     */
    public static Future<GatewayService> deploy(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry meters) {
        MqttEventClient mqtt = MqttEventClient.create(vertx, config.mqtt()).bindTo(meters, "gateway");
        return vertx.executeBlocking(JsonSchemas::load, false)
                .compose(schemas -> mqtt.start().map(connected -> schemas))
                .compose(schemas -> {
                    GatewayVerticle verticle = new GatewayVerticle(config, mqtt, schemas, meters);
                    return vertx.deployVerticle(verticle).map(id -> new GatewayService(vertx, id, verticle, mqtt));
                })
                .recover(failure -> mqtt.close().transform(closed -> Future.failedFuture(failure)));
    }

    public int port() {
        return verticle.actualPort();
    }

    public Future<Void> close() {
        return vertx.undeploy(deploymentId).eventually(mqtt::close);
    }
}

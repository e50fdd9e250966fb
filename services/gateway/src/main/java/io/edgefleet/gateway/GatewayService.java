package io.edgefleet.gateway;

import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Deploys the gateway into a Vert.x instance; used by {@link Main} and by the all-in-one process. */
public final class GatewayService {

    private final Vertx vertx;
    private final String deploymentId;
    private final GatewayVerticle verticle;

    private GatewayService(Vertx vertx, String deploymentId, GatewayVerticle verticle) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
    }

    /**
     * @param meters the registry {@code /metrics} serves; the Vert.x instance should report into it too
     *     (see {@link Metrics#vertx(PrometheusMeterRegistry)})
     */
    public static Future<GatewayService> deploy(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry meters) {
        GatewayVerticle verticle = new GatewayVerticle(config, meters);
        return vertx.deployVerticle(verticle).map(id -> new GatewayService(vertx, id, verticle));
    }

    public int port() {
        return verticle.actualPort();
    }

    public Future<Void> close() {
        return vertx.undeploy(deploymentId);
    }
}

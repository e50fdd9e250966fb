package io.edgefleet.gateway;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the REST gateway as its own process. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("edgefleet-gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = Metrics.registry();
        Vertx vertx = Metrics.vertx(meters);
        GatewayService.deploy(vertx, config, meters)
                .onSuccess(gateway -> Runtime.getRuntime().addShutdownHook(new Thread(() -> gateway.close()
                        .compose(closed -> vertx.close()).await(), "gateway-shutdown")))
                .onFailure(failure -> {
                    LOG.error("The gateway failed to start", failure);
                    vertx.close();
                    System.exit(1);
                });
    }
}

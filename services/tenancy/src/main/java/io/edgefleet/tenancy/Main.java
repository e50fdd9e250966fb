package io.edgefleet.tenancy;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the tenancy service as its own process: {@code java -jar edgefleet-tenancy.jar}, configured by the environment. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        TenancyConfig config;
        try {
            config = TenancyConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("edgefleet-tenancy: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = Metrics.registry();
        Vertx vertx = Metrics.vertx(meters);
        TenancyService.deploy(vertx, config, meters)
                .onSuccess(service -> Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> shutdown(vertx, service), "tenancy-shutdown")))
                .onFailure(failure -> {
                    LOG.error("the tenancy service failed to start with {}", config, failure);
                    vertx.close();
                    System.exit(1);
                });
    }

    private static void shutdown(Vertx vertx, TenancyService service) {
        try {
            service.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("tenancy shutdown did not finish cleanly: {}", e.toString());
        }
    }
}

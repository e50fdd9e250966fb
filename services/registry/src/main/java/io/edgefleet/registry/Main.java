package io.edgefleet.registry;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the registry as its own process: {@code java -jar edgefleet-registry.jar}, configured by the environment. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        RegistryConfig config;
        try {
            config = RegistryConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("edgefleet-registry: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = Metrics.registry();
        Vertx vertx = Metrics.vertx(meters);
        RegistryService.deploy(vertx, config, meters)
                .onSuccess(registry -> Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> shutdown(vertx, registry), "registry-shutdown")))
                .onFailure(failure -> {
                    LOG.error("the registry failed to start with {}", config, failure);
                    vertx.close();
                    System.exit(1);
                });
    }

    private static void shutdown(Vertx vertx, RegistryService registry) {
        try {
            // two steps from this thread: a continuation on an event loop would outlive the loop vertx.close() stops
            registry.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("registry shutdown did not finish cleanly: {}", e.toString());
        }
    }
}

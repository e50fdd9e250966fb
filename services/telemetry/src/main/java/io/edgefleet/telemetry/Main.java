package io.edgefleet.telemetry;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the telemetry service as its own process: {@code java -jar edgefleet-telemetry.jar}, configured by the environment. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        TelemetryConfig config;
        try {
            config = TelemetryConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("edgefleet-telemetry: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = Metrics.registry();
        Vertx vertx = Metrics.vertx(meters);
        TelemetryService.deploy(vertx, config, meters)
                .onSuccess(telemetry -> Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> shutdown(vertx, telemetry), "telemetry-shutdown")))
                .onFailure(failure -> {
                    LOG.error("the telemetry service failed to start with {}", config, failure);
                    vertx.close();
                    System.exit(1);
                });
    }

    private static void shutdown(Vertx vertx, TelemetryService telemetry) {
        try {
            // two steps from this thread: a continuation on an event loop would outlive the loop vertx.close() stops
            telemetry.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("telemetry shutdown did not finish cleanly: {}", e.toString());
        }
    }
}

package io.edgefleet.kit.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Objects;

/**
 * Prometheus metrics: one registry per service process, Vert.x's own metrics (HTTP server, pool, event bus)
 * recorded into it, and {@code GET /metrics} in the Prometheus text format.
 */
public final class Metrics {

    private Metrics() {
    }

    /** A new Prometheus registry. Create one per process and share it. */
    public static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Vert.x options with Micrometer metrics switched on; pass to {@link #vertx(VertxOptions, PrometheusMeterRegistry)}. */
    public static VertxOptions vertxOptions(PrometheusMeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    }

    /** A Vertx whose built-in metrics go to the registry. */
    public static Vertx vertx(VertxOptions options, PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** A Vertx with default options whose built-in metrics go to the registry. */
    public static Vertx vertx(PrometheusMeterRegistry registry) {
        return vertx(vertxOptions(registry), registry);
    }

    /** Mounts {@code GET /metrics}. */
    public static void mount(Router router, PrometheusMeterRegistry registry) {
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
}

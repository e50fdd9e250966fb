package io.edgefleet.kit.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(PROMTOOL_NAMES);
        bindTimesInSeconds(registry);
        return registry;
    }

    /**
     * Keeps {@code promtool check metrics} content: Micrometer's JVM binders report compilation time in ms and process
     * CPU time in ns, and {@code system.cpu.count} is a gauge ending in {@code _count}. The first two are replaced by
     * {@code jvm_compilation_seconds_total} and {@code process_cpu_seconds_total} (the Prometheus convention), the
     * third is renamed.
     */
    private static final MeterFilter PROMTOOL_NAMES = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            boolean replaced = id.getName().equals("jvm.compilation.time") || id.getName().equals("process.cpu.time");
            return replaced ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical") : id;
        }
    };

    private static void bindTimesInSeconds(MeterRegistry registry) {
        CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
            FunctionCounter.builder("jvm.compilation", compilation, c -> c.getTotalCompilationTime() / 1000.0)
                    .baseUnit("seconds").description("Time the JIT compiler spent compiling")
                    .register(registry);
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds").description("CPU time the JVM process used")
                    .register(registry);
        }
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

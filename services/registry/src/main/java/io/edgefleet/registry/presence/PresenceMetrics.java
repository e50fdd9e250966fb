package io.edgefleet.registry.presence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Counters of the presence consumer, exposed on /metrics. */
final class PresenceMetrics {

    static final String IGNORED = "edgefleet_registry_messages_ignored_total";
    static final String HEARTBEATS = "edgefleet_registry_heartbeats_total";
    static final String FLUSH = "edgefleet_registry_heartbeat_flush";
    static final String FLUSH_BATCH = "edgefleet_registry_heartbeat_flush_batch";
    static final String DAMPED = "edgefleet_registry_presence_damped_total";

    private final MeterRegistry registry;
    private final Counter heartbeats;
    private final Timer flush;
    private final DistributionSummary batch;
    private final Counter damped;

    PresenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.heartbeats = Counter.builder(HEARTBEATS).description("Valid heartbeats received").register(registry);
        this.flush = Timer.builder(FLUSH).description("Time to write one batch of heartbeats").register(registry);
        this.batch = DistributionSummary.builder(FLUSH_BATCH).description("Endpoints per heartbeat flush")
                .register(registry);
        this.damped = Counter.builder(DAMPED)
                .description("Connection losses of flapping endpoints held back for the flap grace")
                .register(registry);
    }

    void damped() {
        damped.increment();
    }

    void heartbeat() {
        heartbeats.increment();
    }

    /** A valid message that changed nothing: stale, from an unknown endpoint, from a foreign tenant, empty. */
    void ignored(String kind, String reason) {
        Counter.builder(IGNORED)
                .description("Valid agent messages the registry did not apply")
                .tag("kind", kind)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void flushed(int endpoints, long nanos) {
        batch.record(endpoints);
        flush.record(nanos, TimeUnit.NANOSECONDS);
    }
}

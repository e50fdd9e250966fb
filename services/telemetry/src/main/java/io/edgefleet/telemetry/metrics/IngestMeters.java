package io.edgefleet.telemetry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The ingest's platform-health metrics on the service's {@code /metrics}. */
final class IngestMeters {

    static final String SAMPLES = "edgefleet_telemetry_ingest_samples";
    static final String BATCHES = "edgefleet_telemetry_ingest_batches";
    static final String REJECTED = "edgefleet_telemetry_ingest_rejected";
    static final String QUEUE = "edgefleet_telemetry_ingest_queue_samples";
    static final String QUEUE_PEAK = "edgefleet_telemetry_ingest_queue_samples_peak";
    static final String QUEUE_LIMIT = "edgefleet_telemetry_ingest_queue_samples_limit";
    static final String HELD = "edgefleet_telemetry_ingest_held_messages";
    static final String HELD_PEAK = "edgefleet_telemetry_ingest_held_messages_peak";

    private final MeterRegistry registry;
    private final Counter samples;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter writeFailures;
    private final Timer writes;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong heldPeak = new AtomicLong();

    IngestMeters(MeterRegistry registry, int queueLimit) {
        this.registry = registry;
        samples = Counter.builder(SAMPLES).description("Metric samples stored").register(registry);
        stored = Counter.builder(BATCHES).description("Metric batches taken in, by result (stored or duplicate)")
                .tag("result", "stored").register(registry);
        duplicates = Counter.builder(BATCHES).description("Metric batches taken in, by result (stored or duplicate)")
                .tag("result", "duplicate").register(registry);
        writeFailures = Counter.builder("edgefleet_telemetry_ingest_write_failures")
                .description("Sample writes that failed and were retried").register(registry);
        writes = Timer.builder("edgefleet_telemetry_ingest_write").description("Duration of one sample write")
                .register(registry);
        Gauge.builder(QUEUE_PEAK, peak, AtomicLong::get)
                .description("Most samples that ever waited in the ingest queue at once").register(registry);
        Gauge.builder(HELD_PEAK, heldPeak, AtomicLong::get)
                .description("Most accepted metric messages that ever waited for room in the ingest queue at once")
                .register(registry);
        Gauge.builder(QUEUE_LIMIT, () -> queueLimit)
                .description("Bound of the ingest queue (samples)").register(registry);
    }

    void bindQueue(IntSupplier queued, IntSupplier held) {
        Gauge.builder(QUEUE, queued::getAsInt).description("Metric samples accepted and not yet stored")
                .register(registry);
        Gauge.builder(HELD, held::getAsInt)
                .description("Accepted metric messages waiting for room in the ingest queue").register(registry);
    }

    void observeDepth(int depth) {
        peak.accumulateAndGet(depth, Math::max);
    }

    void observeHeld(int held) {
        heldPeak.accumulateAndGet(held, Math::max);
    }

    void rejected(String reason) {
        Counter.builder(REJECTED).description("Metric messages rejected, by reason").tag("reason", reason)
                .register(registry).increment();
    }

    void written(SampleWriter.Result result, long nanos) {
        samples.increment(result.samples());
        stored.increment(result.batches());
        duplicates.increment(result.duplicates());
        writes.record(nanos, TimeUnit.NANOSECONDS);
    }

    void writeFailed() {
        writeFailures.increment();
    }
}

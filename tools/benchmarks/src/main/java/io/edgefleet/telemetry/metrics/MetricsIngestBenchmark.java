package io.edgefleet.telemetry.metrics;

import io.edgefleet.benchmarks.Payloads;
import io.edgefleet.benchmarks.UnconnectedDeadLetters;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The telemetry service's metrics ingest before PostgreSQL, on its own classes (this benchmark sits in their package
 * because they are package-private): {@link MetricsValidator#accept} per MQTT message (topic ids, size, parse,
 * U+0000 scan, the {@code metrics} schema, {@link MetricBatch}, clock checks), and building the column arrays of one
 * write's {@code INSERT ... SELECT FROM unnest} ({@link SampleWriter#sampleColumns}) for 20 such batches, i.e. a
 * default flush of 5,000 samples at 250 per batch or 20,000 at 1,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsIngestBenchmark {

    /** Batches in one write. */
    public static final int BATCHES_PER_WRITE = 20;

    /** Samples per batch (an agent's batch holds one collection of its node and container metrics). */
    @Param({"250", "1000"})
    public int samples;

    private UnconnectedDeadLetters deadLetters;
    private MetricsValidator validator;
    private InboundMessage message;
    private List<MetricBatch> write;
    private int writeSamples;

    @Setup(Level.Trial)
    public void setUp() {
        deadLetters = new UnconnectedDeadLetters();
        MetricsSettings settings = MetricsSettings.fromEnv(Env.of(Map.of()));
        validator = new MetricsValidator(JsonSchemas.load(), deadLetters.deadLetters(),
                new IngestMeters(new SimpleMeterRegistry(), settings.maxPendingSamples()), settings,
                Clock.systemUTC());
        message = message(1);
        write = new ArrayList<>();
        for (int i = 0; i < BATCHES_PER_WRITE; i++) {
            write.add(validator.accept(message(i + 1)).orElseThrow());
        }
        writeSamples = BATCHES_PER_WRITE * samples;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        deadLetters.close();
    }

    private InboundMessage message(long seq) {
        return new InboundMessage("edge/v1/" + Payloads.TENANT + "/" + Payloads.ENDPOINT + "/metrics",
                Buffer.buffer(Payloads.bytes(Payloads.metrics(samples, seq))), false, 1);
    }

    /** One MQTT message to a batch ready to queue. */
    @Benchmark
    public Optional<MetricBatch> accept() {
        return validator.accept(message);
    }

    /** One write's sample columns, as bound to the unnest insert. */
    @Benchmark
    public Tuple insertColumns() {
        return Tuple.from(SampleWriter.sampleColumns(write, writeSamples));
    }
}

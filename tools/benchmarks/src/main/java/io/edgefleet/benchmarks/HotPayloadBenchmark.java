package io.edgefleet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.buffer.Buffer;
import java.util.List;
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
 * JSON of the payloads agents send most: the heartbeat (every 10 s per agent), the retained state report with 20
 * containers (on every change), a metrics batch of 250 samples. Each is parsed with the services' shared mapper
 * ({@link Json}), validated against its schema ({@link JsonSchemas}), taken through the services' ingress check
 * ({@link JsonIngress}: parse, U+0000 scan, schema, as the registry consumes heartbeats and state) and serialised.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPayloadBenchmark {

    /** Schema name of the payload: heartbeat, state (20 containers), metrics (250 samples). */
    @Param({"heartbeat", "state", "metrics"})
    public String payload;

    private JsonSchemas schemas;
    private UnconnectedDeadLetters deadLetters;
    private JsonIngress ingress;
    private byte[] bytes;
    private JsonNode tree;
    private InboundMessage message;

    @Setup(Level.Trial)
    public void setUp() {
        schemas = JsonSchemas.load();
        deadLetters = new UnconnectedDeadLetters();
        ingress = new JsonIngress(schemas, deadLetters.deadLetters());
        tree = switch (payload) {
            case "heartbeat" -> Payloads.heartbeat();
            case "state" -> Payloads.state(20);
            case "metrics" -> Payloads.metrics(250, 1);
            default -> throw new IllegalArgumentException("unknown payload " + payload);
        };
        bytes = Payloads.bytes(tree);
        message = new InboundMessage("edge/v1/" + Payloads.TENANT + "/" + Payloads.ENDPOINT + "/" + payload,
                Buffer.buffer(bytes), false, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        deadLetters.close();
    }

    /** Bytes to a Jackson tree. */
    @Benchmark
    public JsonNode parse() {
        return Json.parse(bytes);
    }

    /** Schema validation of an already parsed tree. */
    @Benchmark
    public List<JsonSchemas.Violation> validate() {
        return schemas.validate(payload, tree);
    }

    /** What a consumer does with each message: parse, U+0000 scan, schema. */
    @Benchmark
    public Optional<JsonNode> ingress() {
        return ingress.parse(message, payload);
    }

    /** A tree to compact JSON bytes. */
    @Benchmark
    public Buffer serialise() {
        return Json.buffer(tree);
    }

    /** The payload's size in bytes, for the report. */
    public int size() {
        return bytes.length;
    }
}

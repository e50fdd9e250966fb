package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import io.edgefleet.schemas.hostile.HostileText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * A metrics message with a hostile topic or payload (not JSON, broken schema, 10 MB, odd topic levels) is rejected
 * once under its reason before anything is stored, and the validator accepts the valid batch right after it.
 */
class MetricsValidatorHostileInputTest {

    private static final String TOPIC = "edge/v1/default/ep-abcdefghijkl/metrics";
    private static Vertx vertx;
    private static MqttEventClient offline;

    @BeforeContainer
    static void start() {
        vertx = Vertx.vertx();
        // never connected: dead letters are not published (logged), the counters still count
        offline = MqttEventClient.create(vertx, new MqttConfig("127.0.0.1", 1, "svc:telemetry", "x", "telemetry-fuzz", 10));
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DeadLetters.class)).setLevel(Level.ERROR);
    }

    @AfterContainer
    static void stop() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DeadLetters.class)).setLevel(null);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    record Message(String topic, byte[] payload) {
        @Override
        public String toString() {
            String text = new String(payload, 0, Math.min(payload.length, 200), java.nio.charset.StandardCharsets.UTF_8);
            return topic + " (" + payload.length + " bytes) " + text;
        }
    }

    private static ObjectNode valid() {
        return ((ObjectNode) HostileJson.example("metrics.valid")).put("at", Instant.now().toString());
    }

    @Provide
    Arbitrary<Message> hostile() {
        Arbitrary<byte[]> payloads = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, HostileJson.malformed(valid())),
                net.jqwik.api.Tuple.of(4, HostileJson.mutations(valid()).map(m -> HostileJson.bytes(m.document()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(("{\"samples\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes())));
        Arbitrary<String> topics = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(TOPIC)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(HostileText.topicLevel(), HostileText.topicLevel())
                        .as((tenant, endpoint) -> "edge/v1/" + tenant + "/" + endpoint + "/metrics")));
        return Combinators.combine(topics, payloads).as(Message::new);
    }

    @Property
    void aHostileMessageIsRejectedOnceUnderItsReasonAndTheValidBatchRightAfterIsAccepted(
            @ForAll("hostile") Message message) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsSettings settings = MetricsSettings.fromEnv(Env.of(Map.of()));
        MetricsValidator validator = new MetricsValidator(JsonSchemas.load(), new DeadLetters(offline, "telemetry", registry),
                new IngestMeters(registry, settings.maxPendingSamples()), settings, Clock.systemUTC());

        Optional<MetricBatch> batch = validator.accept(new InboundMessage(message.topic(), Buffer.buffer(message.payload()),
                false, 1));

        if (batch.isPresent()) {
            assertThat(message.topic()).as("accepted %s", message).isEqualTo(TOPIC);
            var document = io.edgefleet.kit.events.Json.parse(message.payload());
            assertThat(JsonSchemas.load().validate("metrics", document)).as("accepted %s", message).isEmpty();
            assertThat(io.edgefleet.kit.events.NulCharacters.find(document)).as("accepted %s", message).isEmpty();
        } else {
            assertThat(deadLettered(registry)).as("dead letters for %s", message).isEqualTo(1.0);
        }
        Optional<MetricBatch> next = validator.accept(new InboundMessage(TOPIC, Buffer.buffer(HostileJson.bytes(valid())),
                false, 1));
        assertThat(next).as("the valid batch after %s", message).isPresent();
    }

    private static double deadLettered(SimpleMeterRegistry registry) {
        return registry.find(DeadLetters.COUNTER).counters().stream().mapToDouble(Counter::count).sum();
    }
}

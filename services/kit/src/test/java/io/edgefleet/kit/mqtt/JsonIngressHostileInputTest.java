package io.edgefleet.kit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.events.NulCharacters;
import io.edgefleet.kit.testing.Await;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * Every payload type agents send, broken or hostile, passes the services' ingress check without an exception: it is
 * either valid by its schema or rejected exactly once, counted under its reason, with a dead-letter document that is
 * itself valid. The same ingress takes the next valid payload right after.
 */
class JsonIngressHostileInputTest {

    /** Topic, schema and a valid example of each agent -> platform payload. */
    private static final List<Input> AGENT_PAYLOADS = List.of(
            new Input("heartbeat", "heartbeat", "heartbeat.valid"), new Input("state", "state", "state.valid"),
            new Input("presence", "presence", "presence.valid-online"), new Input("metrics", "metrics", "metrics.valid"),
            new Input("logs", "logs", "logs.valid"), new Input("replies", "reply", "reply.valid-succeeded-logs"));

    private static Vertx vertx;
    private static MqttEventClient offline;
    private final JsonSchemas schemas = JsonSchemas.load();

    record Input(String topicLevel, String schema, String example) {
        String topic() {
            return "edge/v1/default/ep-abcdefghijkl/" + topicLevel;
        }

        JsonNode valid() {
            return HostileJson.example(example);
        }
    }

    record Sent(Input input, byte[] payload, String description) {
        @Override
        public String toString() {
            return input.schema() + " " + description;
        }
    }

    @BeforeContainer
    static void start() {
        vertx = Vertx.vertx();
        // never connected: dead letters fail to publish (logged), the counters still count; the broker path is DeadLettersIT
        offline = MqttEventClient.create(vertx, new MqttConfig("127.0.0.1", 1, "svc:kit", "x", "kit-fuzz", 10));
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DeadLetters.class)).setLevel(Level.ERROR);
    }

    @AfterContainer
    static void stop() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DeadLetters.class)).setLevel(null);
        Await.result(vertx.close());
    }

    @Provide
    Arbitrary<Sent> malformed() {
        return Arbitraries.of(AGENT_PAYLOADS).flatMap(input -> HostileJson.malformed(input.valid())
                .map(bytes -> new Sent(input, bytes, "malformed " + preview(bytes))));
    }

    @Provide
    Arbitrary<Sent> mutated() {
        return Arbitraries.of(AGENT_PAYLOADS).flatMap(input -> HostileJson.mutations(input.valid())
                .map(mutation -> new Sent(input, HostileJson.bytes(mutation.document()), mutation.toString())));
    }

    @Property
    void aPayloadThatIsNotOneJsonDocumentInUtf8IsRejectedAsInvalidJsonAndTheNextValidOnePasses(@ForAll("malformed") Sent sent) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JsonIngress ingress = new JsonIngress(schemas, new DeadLetters(offline, "kit", registry));

        Optional<JsonNode> parsed = ingress.parse(message(sent), sent.input().schema());

        assertThat(parsed).as("accepted %s", sent).isEmpty();
        assertThat(rejected(registry, "invalid-json")).isEqualTo(1.0);
        assertThat(rejectedInAll(registry)).isEqualTo(1.0);
        assertValidOnePasses(ingress, registry, sent.input());
    }

    @Property
    void aMutatedPayloadIsValidOrRejectedOnceUnderItsReasonAndTheNextValidOnePasses(@ForAll("mutated") Sent sent) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JsonIngress ingress = new JsonIngress(schemas, new DeadLetters(offline, "kit", registry));

        Optional<JsonNode> parsed = ingress.parse(message(sent), sent.input().schema());

        if (parsed.isPresent()) {
            assertThat(schemas.validate(sent.input().schema(), parsed.get())).as("violations of accepted %s", sent).isEmpty();
            assertThat(NulCharacters.find(parsed.get())).isEmpty();
            assertThat(rejectedInAll(registry)).isZero();
        } else {
            assertThat(rejectedInAll(registry)).as("rejections of %s", sent).isEqualTo(1.0);
            // a serialised mutation may still break the parser's limits (a member name over 50,000 characters): invalid-json
            assertThat(rejected(registry, "schema") + rejected(registry, "nul-character")
                    + rejected(registry, "invalid-json")).isEqualTo(1.0);
        }
        assertValidOnePasses(ingress, registry, sent.input());
    }

    @Property
    void theDeadLetterOfAnyPayloadIsAValidDeadLetterDocument(@ForAll("mutated") Sent mutated,
            @ForAll("malformed") Sent malformed) {
        DeadLetters deadLetters = new DeadLetters(offline, "kit", new SimpleMeterRegistry());
        for (Sent sent : List.of(mutated, malformed)) {
            String reason = "schema: " + new String(sent.payload(), java.nio.charset.StandardCharsets.UTF_8);

            JsonNode document = Json.parse(Json.buffer(deadLetters.document(message(sent), reason)));

            assertThat(schemas.validate("deadletter", document)).as("dead letter of %s", sent).isEmpty();
        }
    }

    private void assertValidOnePasses(JsonIngress ingress, SimpleMeterRegistry registry, Input input) {
        double before = rejectedInAll(registry);
        Optional<JsonNode> next = ingress.parse(new InboundMessage(input.topic(),
                Buffer.buffer(HostileJson.bytes(input.valid())), false, 1), input.schema());
        assertThat(next).as("the valid %s right after", input.schema()).isPresent();
        assertThat(rejectedInAll(registry)).isEqualTo(before);
    }

    private static InboundMessage message(Sent sent) {
        return new InboundMessage(sent.input().topic(), Buffer.buffer(sent.payload()), false, 1);
    }

    private static double rejected(SimpleMeterRegistry registry, String reason) {
        Counter counter = registry.find(DeadLetters.COUNTER).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double rejectedInAll(SimpleMeterRegistry registry) {
        return registry.find(DeadLetters.COUNTER).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), java.nio.charset.StandardCharsets.UTF_8);
        return "(" + bytes.length + " bytes) " + text;
    }
}

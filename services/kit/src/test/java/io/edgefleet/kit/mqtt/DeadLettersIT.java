package io.edgefleet.kit.mqtt;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLettersIT {

    private static final String HEARTBEAT_TOPIC = "edge/v1/default/ep-abcdefghijkl/heartbeat";
    private static Vertx vertx;
    private static TestBroker broker;
    private static MqttEventClient service;
    private static MqttEventClient operator;
    private static final List<JsonNode> deadLetters = new CopyOnWriteArrayList<>();
    private final JsonSchemas schemas = JsonSchemas.load();
    private SimpleMeterRegistry registry;
    private JsonIngress ingress;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        broker = TestBroker.start("kit", "operator");
        service = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(service.start());
        operator = MqttEventClient.create(vertx, broker.mqttConfig("operator"));
        result(operator.start());
        result(operator.subscribe("platform/v1/deadletter/+", MqttQoS.AT_LEAST_ONCE,
                m -> deadLetters.add(Json.parse(m.payload()))));
    }

    @AfterAll
    static void stop() {
        result(service.close());
        result(operator.close());
        broker.close();
        result(vertx.close());
    }

    @BeforeEach
    void freshCounters() {
        deadLetters.clear();
        registry = new SimpleMeterRegistry();
        ingress = new JsonIngress(schemas, new DeadLetters(service, "kit", registry));
    }

    private double rejected(String reason) {
        Counter counter = registry.find(DeadLetters.COUNTER).tag("service", "kit").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static InboundMessage heartbeat(String payload) {
        return new InboundMessage(HEARTBEAT_TOPIC, Buffer.buffer(payload), false, 0);
    }

    private JsonNode onlyDeadLetter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !deadLetters.isEmpty());
        assertThat(deadLetters).hasSize(1);
        JsonNode doc = deadLetters.get(0);
        assertThat(schemas.validate("deadletter", doc)).isEmpty();
        return doc;
    }

    @Test
    void malformedJsonIsDeadLetteredAndCounted() {
        Optional<JsonNode> parsed = ingress.parse(heartbeat("{\"seq\": 1,"), "heartbeat");

        assertThat(parsed).isEmpty();
        JsonNode doc = onlyDeadLetter();
        assertThat(doc.get("service").asText()).isEqualTo("kit");
        assertThat(doc.get("topic").asText()).isEqualTo(HEARTBEAT_TOPIC);
        assertThat(doc.get("reason").asText()).startsWith("invalid-json: ");
        assertThat(doc.get("payload").asText()).isEqualTo("{\"seq\": 1,");
        assertThat(rejected("invalid-json")).isEqualTo(1.0);
    }

    @Test
    void schemaViolationIsDeadLetteredWithTheFirstViolationInTheReason() {
        Optional<JsonNode> parsed = ingress.parse(heartbeat("{\"seq\": -1, \"intervalSeconds\": 10}"), "heartbeat");

        assertThat(parsed).isEmpty();
        String reason = onlyDeadLetter().get("reason").asText();
        assertThat(reason).startsWith("schema: /").contains("/at").contains("/seq");
        assertThat(rejected("schema")).isEqualTo(1.0);
        assertThat(rejected("invalid-json")).isZero();
    }

    @Test
    void nulCharacterIsDeadLetteredBeforeItCanReachTheDatabase() {
        String payload = "{\"seq\": 3, \"at\": \"" + Instant.now() + "\", \"intervalSeconds\": 10,"
                + " \"note\": \"a\\u0000b\"}";

        Optional<JsonNode> parsed = ingress.parse(heartbeat(payload), "heartbeat");

        assertThat(parsed).isEmpty();
        assertThat(onlyDeadLetter().get("reason").asText()).isEqualTo("nul-character: U+0000 at /note");
        assertThat(rejected("nul-character")).isEqualTo(1.0);
    }

    @Test
    void validPayloadIsReturnedAndNothingIsDeadLettered() throws InterruptedException {
        String valid = "{\"seq\": 3, \"at\": \"" + Instant.now() + "\", \"intervalSeconds\": 10}";

        Optional<JsonNode> parsed = ingress.parse(heartbeat(valid), "heartbeat");

        assertThat(parsed).isPresent();
        assertThat(parsed.get().get("seq").asInt()).isEqualTo(3);
        Thread.sleep(300);
        assertThat(deadLetters).isEmpty();
        assertThat(registry.find(DeadLetters.COUNTER).counters()).isEmpty();
    }

    @Test
    void binaryPayloadIsCarriedAsBase64() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        ingress.parse(new InboundMessage(HEARTBEAT_TOPIC, Buffer.buffer(bytes), false, 1), "heartbeat");

        JsonNode doc = onlyDeadLetter();
        assertThat(doc.get("payloadBase64").asBoolean()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(doc.get("payload").asText())).isEqualTo(bytes);
    }

    @Test
    void aConsumerSurvivesABadMessageOnTheWire() {
        List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        String topic = "edge/v1/default/+/heartbeat";
        result(service.subscribe(topic, MqttQoS.AT_LEAST_ONCE, m -> ingress.parse(m, "heartbeat").ifPresent(accepted::add)));

        result(operator.publish(HEARTBEAT_TOPIC, Buffer.buffer("garbage"), MqttQoS.AT_LEAST_ONCE, false));
        result(operator.publish(HEARTBEAT_TOPIC, Buffer.buffer("{\"seq\": 4, \"at\": \"" + Instant.now()
                + "\", \"intervalSeconds\": 5}"), MqttQoS.AT_LEAST_ONCE, false));

        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() == 1 && deadLetters.size() == 1);
        assertThat(accepted.get(0).get("seq").asInt()).isEqualTo(4);
        assertThat(deadLetters.get(0).get("payload").asText()).isEqualTo("garbage");
        assertThat(rejected("invalid-json")).isEqualTo(1.0);
    }
}

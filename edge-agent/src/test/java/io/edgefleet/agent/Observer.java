package io.edgefleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An MQTT 5 client that subscribes to a filter and keeps every message, checking each payload against the schema
 * its topic names (presence, heartbeat, state, replies, metrics, logs); it can publish as the platform does, too.
 */
final class Observer implements AutoCloseable {

    static final String USERNAME = "observer";
    static final String PASSWORD = "observer-password";

    /** One received message. */
    record Message(String topic, JsonNode json, boolean retained, Instant receivedAt) {
        String leaf() {
            return topic.substring(topic.lastIndexOf('/') + 1);
        }
    }

    private final Mqtt5AsyncClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    private Observer(Mqtt5AsyncClient client) {
        this.client = client;
    }

    static Observer subscribe(TestBroker broker, String filter) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5()
                .identifier("observer-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username(USERNAME).password(PASSWORD.getBytes()).applySimpleAuth()
                .buildAsync();
        Observer observer = new Observer(client);
        client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, observer::received);
        client.connect().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        return observer;
    }

    /** The retained message on {@code topic}, read by a fresh subscription. */
    static Message retained(TestBroker broker, String topic) throws Exception {
        try (Observer fresh = subscribe(broker, topic)) {
            return fresh.await(message -> message.retained(), Duration.ofSeconds(5));
        }
    }

    private void received(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        String leaf = topic.substring(topic.lastIndexOf('/') + 1);
        boolean fromAgent = List.of("presence", "heartbeat", "state", "replies", "metrics", "logs").contains(leaf);
        try {
            JsonNode json = Json.mapper().readTree(publish.getPayloadAsBytes());
            if (fromAgent) {
                String schema = leaf.equals("replies") ? "reply" : leaf;
                JsonSchemas.load().validate(schema, json)
                        .forEach(violation -> violations.add(topic + " " + json + ": " + violation));
            }
            messages.add(new Message(topic, json, publish.isRetain(), Instant.now()));
        } catch (IOException e) {
            if (fromAgent) {
                violations.add(topic + ": not JSON: " + e.getMessage());
            }
            // otherwise a test published broken input on purpose
        }
    }

    /** Publishes {@code payload} QoS 1 on {@code topic}, as the platform would; waits for the PUBACK. */
    void publish(String topic, String payload, boolean retain) throws Exception {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).send()
                .get(10, TimeUnit.SECONDS);
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    List<Message> on(String leaf) {
        return messages.stream().filter(message -> message.leaf().equals(leaf)).toList();
    }

    /** Waits for the first message matching {@code condition} and returns it. */
    Message await(Predicate<Message> condition, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> messages.stream().filter(condition).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    /** Every payload received so far matched its schema. */
    void assertAllPayloadsMatchTheirSchemas() {
        assertThat(violations).isEmpty();
    }

    static Predicate<Message> presence(String status) {
        return message -> message.leaf().equals("presence") && message.json().path("status").asText().equals(status);
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the broker may already be gone
        }
    }
}

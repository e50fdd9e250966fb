package io.edgefleet.tenancy.audit;

import static io.edgefleet.kit.testing.Await.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Plays the gateway: publishes audit entries over the real broker as CloudEvents, and collects what the tenancy
 * service sends to its dead-letter topic.
 */
final class AuditFeed implements AutoCloseable {

    static final String DEAD_LETTERS = "platform/v1/deadletter/tenancy";

    private final Vertx vertx = Vertx.vertx();
    private final MqttEventClient client;
    private final List<JsonNode> deadLetters = Collections.synchronizedList(new ArrayList<>());

    AuditFeed(TenancyHarness harness) {
        client = MqttEventClient.create(vertx, harness.observerAccount());
        result(client.subscribe(DEAD_LETTERS, MqttQoS.AT_LEAST_ONCE,
                message -> deadLetters.add(Json.parse(message.payload()))));
        result(client.start());
    }

    /** The data of a valid entry; change members with {@link ObjectNode#put} before publishing. */
    static ObjectNode entry(String tenant, String actorId, String action, String target, int status, Instant time) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("tenant", tenant);
        data.putObject("actor").put("kind", "user").put("id", actorId).put("name", actorId + "@example.com");
        String outcome = status < 400 ? "success" : status == 403 ? "denied" : "failure";
        return data.put("action", action)
                .put("target", target)
                .put("method", action.endsWith(".delete") ? "DELETE" : "POST")
                .put("status", status)
                .put("outcome", outcome)
                .put("sourceIp", "10.0.0.7")
                .put("time", time.toString());
    }

    /** A CloudEvent as the gateway sends it: on the data's tenant's topic, or the platform topic for tenant null. */
    static EventEnvelope event(ObjectNode data) {
        String tenant = data.get("tenant").isNull() ? null : data.get("tenant").asText();
        return EventEnvelope.create("gateway", "audit.recorded", tenant, data.get("action").asText(), data);
    }

    EventEnvelope publish(ObjectNode data) {
        EventEnvelope event = event(data);
        publish(event);
        return event;
    }

    void publish(EventEnvelope event) {
        publishRaw(event.topic(), event.toJson());
    }

    void publishRaw(String topic, String payload) {
        result(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false));
    }

    /** The event's wire form as a tree, to break on purpose. */
    static ObjectNode wire(EventEnvelope event) {
        return (ObjectNode) Json.parse(event.toBuffer());
    }

    /** Dead letters whose payload holds the text (e.g. an event id). */
    List<JsonNode> deadLettersAbout(String text) {
        synchronized (deadLetters) {
            return deadLetters.stream().filter(d -> d.path("payload").asText().contains(text)).toList();
        }
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        result(client.close());
        result(vertx.close());
    }
}

package io.edgefleet.kit.mqtt;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PUBACK of an inbound message leaves after the handler, or when a handler that deferred it sends it. */
class MqttAcknowledgementIT {

    private static Vertx vertx;
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        vertx = Vertx.vertx();
        broker = TestBroker.start("kit");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        result(vertx.close());
    }

    @Test
    void aMessageWhoseAckWasDeferredAndNeverSentComesBackToTheNextSessionAndAnAckedOneDoesNot() {
        MqttConfig base = broker.mqttConfig("kit");
        MqttConfig session = new MqttConfig(base.host(), base.port(), base.username(), base.password(),
                "kit-ack-" + UUID.randomUUID(), base.maxInflight());
        String topic = "kit/ack/" + UUID.randomUUID();
        List<String> firstSession = new CopyOnWriteArrayList<>();
        MqttEventClient consumer = MqttEventClient.create(vertx, session);
        result(consumer.subscribe(topic, MqttQoS.AT_LEAST_ONCE, message -> {
            String text = message.payload().toString();
            firstSession.add(text);
            if (text.equals("held")) {
                message.ack().defer();
            }
        }));
        result(consumer.start());
        MqttEventClient publisher = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(publisher.start());
        result(publisher.publish(topic, Buffer.buffer("acked"), MqttQoS.AT_LEAST_ONCE, false));
        result(publisher.publish(topic, Buffer.buffer("held"), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> firstSession.size() == 2);
        result(consumer.close());

        List<String> secondSession = new CopyOnWriteArrayList<>();
        MqttEventClient again = MqttEventClient.create(vertx, session);
        result(again.subscribe(topic, MqttQoS.AT_LEAST_ONCE, message -> {
            secondSession.add(message.payload().toString());
        }));
        result(again.start());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> secondSession.contains("held"));
            result(publisher.publish(topic, Buffer.buffer("marker"), MqttQoS.AT_LEAST_ONCE, false));
            await().atMost(Duration.ofSeconds(10)).until(() -> secondSession.contains("marker"));
            assertThat(secondSession).containsExactly("held", "marker");
        } finally {
            result(again.close());
            result(publisher.close());
        }
    }
}

package io.edgefleet.kit.mqtt;

import static io.edgefleet.kit.testing.Await.failure;
import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.testing.TcpRelay;
import io.edgefleet.kit.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttEventClientIT {

    private static Vertx vertx;
    private static TestBroker broker;
    private final List<MqttEventClient> clients = new ArrayList<>();

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

    @AfterEach
    void closeClients() {
        clients.forEach(c -> result(c.close()));
    }

    private MqttEventClient client(MqttConfig config) {
        MqttEventClient client = MqttEventClient.create(vertx, config);
        clients.add(client);
        return client;
    }

    private MqttEventClient started() {
        MqttEventClient client = client(broker.mqttConfig("kit"));
        result(client.start());
        return client;
    }

    private static String topic() {
        return "kit/test/" + UUID.randomUUID();
    }

    @Test
    void subscriberReceivesWhatAnotherClientPublishes() {
        String topic = topic();
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        MqttEventClient subscriber = started();
        result(subscriber.subscribe(topic.replaceAll("/[^/]+$", "/+"), MqttQoS.AT_LEAST_ONCE, received::add));
        MqttEventClient publisher = started();

        result(publisher.publish(topic, Buffer.buffer("hello"), MqttQoS.AT_LEAST_ONCE, false));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        InboundMessage message = received.get(0);
        assertThat(message.topic()).isEqualTo(topic);
        assertThat(message.payload().toString()).isEqualTo("hello");
        assertThat(message.qos()).isEqualTo(1);
        assertThat(message.retained()).isFalse();
    }

    @Test
    void qos1PublishCompletesOnlyAfterTheBrokersPuback() throws InterruptedException {
        String topic = topic();
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        result(started().subscribe(topic, MqttQoS.AT_LEAST_ONCE, received::add));
        try (TcpRelay relay = TcpRelay.to(broker.port())) {
            MqttConfig direct = broker.mqttConfig("kit");
            MqttEventClient publisher = client(new MqttConfig("127.0.0.1", relay.port(), direct.username(),
                    direct.password(), direct.clientId(), 10));
            result(publisher.start());

            relay.holdServerToClient();
            Future<Void> publish = publisher.publish(topic, Buffer.buffer("held"), MqttQoS.AT_LEAST_ONCE, false);
            // the broker got the message (the subscriber sees it) while its PUBACK is held in the relay
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            Thread.sleep(300);
            assertThat(publish.isComplete()).as("publish completed without PUBACK").isFalse();

            relay.releaseServerToClient();
            result(publish, Duration.ofSeconds(10));
            assertThat(publish.succeeded()).isTrue();
        }
    }

    @Test
    void qos1PublishFailsWhenTheConnectionDropsBeforeThePuback() {
        String topic = topic();
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        result(started().subscribe(topic, MqttQoS.AT_LEAST_ONCE, received::add));
        try (TcpRelay relay = TcpRelay.to(broker.port())) {
            MqttConfig direct = broker.mqttConfig("kit");
            MqttEventClient publisher = client(new MqttConfig("127.0.0.1", relay.port(), direct.username(),
                    direct.password(), direct.clientId(), 10));
            result(publisher.start());

            relay.holdServerToClient();
            Future<Void> publish = publisher.publish(topic, Buffer.buffer("lost"), MqttQoS.AT_LEAST_ONCE, false);
            // drop only once the PUBLISH is on the wire (the broker has it), so what fails is the missing PUBACK
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            relay.dropConnections();

            assertThat(failure(publish)).hasMessageContaining("connection lost");
            relay.releaseServerToClient();
            // the client comes back on its own through the same relay
            await().atMost(Duration.ofSeconds(20)).until(publisher::isConnected);
            result(publisher.publish(topic, Buffer.buffer("after"), MqttQoS.AT_LEAST_ONCE, false));
        }
    }

    @Test
    void publishesBeyondTheInflightLimitWaitAndKeepTheirOrder() {
        String topic = topic();
        List<String> received = new CopyOnWriteArrayList<>();
        result(started().subscribe(topic, MqttQoS.AT_LEAST_ONCE, m -> received.add(m.payload().toString())));
        MqttConfig base = broker.mqttConfig("kit");
        MqttEventClient publisher = client(new MqttConfig(base.host(), base.port(), base.username(), base.password(),
                base.clientId(), 3));
        result(publisher.start());

        List<Future<Void>> acks = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("m" + i);
            acks.add(publisher.publish(topic, Buffer.buffer("m" + i), MqttQoS.AT_LEAST_ONCE, false));
        }
        result(Future.all(acks));

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 200);
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void wrongPasswordFailsStartWithAClearMessage() {
        MqttConfig good = broker.mqttConfig("kit");
        MqttEventClient client = client(new MqttConfig(good.host(), good.port(), good.username(), "wrong-password-123",
                good.clientId(), 10));

        Throwable failure = failure(client.start());

        assertThat(failure).isInstanceOf(MqttConnectException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("svc:kit")
                .hasMessageContaining(good.host() + ":" + good.port())
                .hasMessageNotContaining("wrong-password-123");
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void unreachableBrokerFailsStart() {
        MqttConfig good = broker.mqttConfig("kit");
        MqttEventClient client = client(new MqttConfig("127.0.0.1", io.edgefleet.kit.testing.FreePorts.next(),
                good.username(), good.password(), good.clientId(), 10));
        assertThat(failure(client.start())).isInstanceOf(MqttConnectException.class).hasMessageContaining("failed");
    }

    @Test
    void publishBeforeStartFails() {
        MqttEventClient client = client(broker.mqttConfig("kit"));
        assertThat(failure(client.publish(topic(), Buffer.buffer("x"), MqttQoS.AT_LEAST_ONCE, false)))
                .hasMessageContaining("not connected");
    }

    @Test
    void reconnectsToANewBrokerOnTheSamePortAndSubscribesAgain() {
        String topic = topic();
        List<String> received = new CopyOnWriteArrayList<>();
        MqttEventClient subscriber = started();
        result(subscriber.subscribe(topic, MqttQoS.AT_LEAST_ONCE, m -> received.add(m.payload().toString())));

        // fresh data directory: the new broker knows nothing of the old session
        broker = broker.restart(false);

        await().atMost(Duration.ofSeconds(40)).until(subscriber::isConnected);
        MqttEventClient publisher = started();
        // re-subscription is asynchronous after the reconnect: publish until one arrives
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            result(publisher.publish(topic, Buffer.buffer("after-restart"), MqttQoS.AT_LEAST_ONCE, false));
            return !received.isEmpty();
        });
        assertThat(received).allMatch("after-restart"::equals);
        result(subscriber.publish(topic, Buffer.buffer("from-subscriber"), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("from-subscriber"));
    }
}

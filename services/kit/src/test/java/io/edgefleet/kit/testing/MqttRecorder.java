package io.edgefleet.kit.testing;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An MQTT 5 connection as a service account that publishes and records what it receives. */
public final class MqttRecorder implements AutoCloseable {

    /** A received message; {@code payload} is empty for a cleared retained topic. */
    public record Received(String topic, String payload, boolean retained) {
    }

    private final Mqtt5BlockingClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public MqttRecorder(String host, int port, String account, String secret) {
        client = Mqtt5Client.builder().identifier(account + "-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(host).serverPort(port)
                .simpleAuth().username("svc:" + account).password(secret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildBlocking();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(new Received(
                publish.getTopic().toString(), new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8),
                publish.isRetain())));
        client.connectWith().cleanStart(true).send();
    }

    public MqttRecorder subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return this;
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publish(String topic, String payload, boolean retain) {
        client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(retain).send();
    }

    public List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}

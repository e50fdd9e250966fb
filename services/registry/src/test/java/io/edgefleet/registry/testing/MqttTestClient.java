package io.edgefleet.registry.testing;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An MQTT 5 client (hivemq-mqtt-client) that plays an agent or a service account in tests and records
 * every message it receives.
 */
public final class MqttTestClient implements AutoCloseable {

    /** A received message. */
    public record Received(String topic, String payload, boolean retained) {
    }

    private final Mqtt5BlockingClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private MqttTestClient(Mqtt5BlockingClient client) {
        this.client = client;
    }

    /** Connects as a service account (username {@code svc:<name>}). */
    public static MqttTestClient service(String host, int port, String name, String secret) {
        return connect(host, port, name + "-" + UUID.randomUUID().toString().substring(0, 8), "svc:" + name, secret, null);
    }

    /**
     * Connects as an agent: client id and username are the endpoint id.
     *
     * @param will retained QoS 1 Last Will on the presence topic, or null for none
     */
    public static MqttTestClient agent(String host, int port, String tenant, String endpointId, String secret, String will) {
        String willTopic = will == null ? null : "edge/v1/" + tenant + "/" + endpointId + "/presence";
        return connect(host, port, endpointId, endpointId, secret, will == null ? null : new String[] {willTopic, will});
    }

    /** Connects as an integration key: client id and username are {@code int:<key id>}. */
    public static MqttTestClient integrationKey(String host, int port, String keyId, String secret) {
        return connect(host, port, "int:" + keyId, "int:" + keyId, secret, null);
    }

    private static MqttTestClient connect(String host, int port, String clientId, String username, String password,
                                          String[] will) {
        Mqtt5ClientBuilder builder = Mqtt5Client.builder().identifier(clientId).serverHost(host).serverPort(port)
                .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        if (will != null) {
            builder = builder.willPublish().topic(will[0]).payload(will[1].getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
        }
        Mqtt5BlockingClient client = builder.buildBlocking();
        MqttTestClient test = new MqttTestClient(client);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> test.received.add(new Received(
                publish.getTopic().toString(), new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8),
                publish.isRetain())));
        client.connectWith().cleanStart(true).send();
        return test;
    }

    /** Subscribes; fails with {@code Mqtt5SubAckException} when the broker refuses the filter. */
    public void subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Publishes at QoS 1 and waits for the PUBACK; fails with {@code Mqtt5PubAckException} when the broker refuses it. */
    public void publish(String topic, String payload, boolean retain) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    public void publish(String topic, byte[] payload, boolean retain) {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).retain(retain).send();
    }

    public List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    /** A clean DISCONNECT: the broker drops the Last Will. */
    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}

package io.edgefleet.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT clients as agents (MQTT 5, hivemq-mqtt-client) and services (MQTT 3.1.1, like vertx-mqtt) use them. */
final class MqttClients {

    private final int port;

    MqttClients(int port) {
        this.port = port;
    }

    Mqtt5BlockingClient client(String clientId) {
        return client(clientId, port);
    }

    static Mqtt5BlockingClient client(String clientId, int port) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    /** An agent connected as {@code endpointId} with {@code secret}. */
    Mqtt5BlockingClient connectedAgent(String endpointId, String secret) {
        Mqtt5BlockingClient agent = client(endpointId);
        agent.connectWith().simpleAuth().username(endpointId).password(bytes(secret)).applySimpleAuth().send();
        return agent;
    }

    /** An integration key connected as {@code int:<keyId>} (client id and username) with {@code secret}. */
    Mqtt5BlockingClient connectedKey(String keyId, String secret) {
        Mqtt5BlockingClient key = client("int:" + keyId);
        key.connectWith().simpleAuth().username("int:" + keyId).password(bytes(secret)).applySimpleAuth().send();
        return key;
    }

    /** A service-account client over MQTT 3.1.1 with a random client id. */
    Mqtt3BlockingClient connectedService(String account, String secret) {
        Mqtt3BlockingClient service = Mqtt3Client.builder().identifier(account + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        service.connectWith().simpleAuth().username("svc:" + account).password(bytes(secret)).applySimpleAuth().send();
        return service;
    }

    void assertRefused(String clientId, String username, String password, Mqtt5ConnAckReasonCode expected) {
        Mqtt5BlockingClient client = client(clientId);
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(username).password(bytes(password))
                .applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(expected));
    }

    static void publish(Mqtt3BlockingClient client, String topic, String payload, boolean retain) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(bytes(payload)).send();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

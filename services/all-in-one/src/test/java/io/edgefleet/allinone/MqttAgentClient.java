package io.edgefleet.allinone;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;

/** A bare MQTT 5 client that presents an endpoint's credentials, to probe what the broker allows. */
final class MqttAgentClient {

    private MqttAgentClient() {}

    static Mqtt5BlockingClient connect(int port, String clientId, String username, String secret) {
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
        client.connectWith()
                .simpleAuth().username(username).password(secret.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send();
        return client;
    }

    static void publish(Mqtt5BlockingClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }
}

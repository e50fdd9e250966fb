package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker admits an agent only with its own secret and only to its own topics. */
class AgentIsolationIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();

    @Test
    void wrongSecretIsRefused() throws Exception {
        JsonNode a = api.createEndpoint("iso-wrong-secret", "{}");
        String id = a.path("id").asText();
        assertThatThrownBy(() -> MqttAgentClient.connect(platform.mqttPort, id, id, "not-the-secret"))
                .isInstanceOf(Mqtt5ConnAckException.class);
        Mqtt5BlockingClient right = MqttAgentClient.connect(platform.mqttPort, id, id, a.path("secret").asText());
        right.disconnect();
    }

    @Test
    void agentCannotUseAnotherAgentsTopicsEvenInTheSameTenant() throws Exception {
        JsonNode a = api.createEndpoint("iso-a", "{}");
        JsonNode b = api.createEndpoint("iso-b", "{}");
        String aId = a.path("id").asText();
        String bTopic = "edge/v1/default/" + b.path("id").asText();

        Mqtt5BlockingClient agentA = MqttAgentClient.connect(platform.mqttPort, aId, aId, a.path("secret").asText());
        assertThatThrownBy(() -> agentA.subscribeWith().topicFilter(bTopic + "/commands").qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOf(Mqtt5SubAckException.class);
        assertThatThrownBy(() -> agentA.subscribeWith().topicFilter("edge/v1/default/+/commands").send())
                .isInstanceOf(Mqtt5SubAckException.class);
        assertThat(agentA.subscribeWith().topicFilter("edge/v1/default/" + aId + "/commands").send().getReasonCodes())
                .allSatisfy(code -> assertThat(code.isError()).isFalse());

        assertThatThrownBy(() -> MqttAgentClient.publish(agentA, bTopic + "/heartbeat", "{}"))
                .isInstanceOf(Mqtt5PubAckException.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> !agentA.getState().isConnected());

        // a client id that is not the username is refused even with a valid secret
        assertThatThrownBy(() -> MqttAgentClient.connect(platform.mqttPort, b.path("id").asText(), aId, a.path("secret").asText()))
                .isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void deletedEndpointIsDisconnectedAndCannotReconnect() throws Exception {
        JsonNode a = api.createEndpoint("iso-deleted", "{}");
        String id = a.path("id").asText();
        Mqtt5BlockingClient agent = MqttAgentClient.connect(platform.mqttPort, id, id, a.path("secret").asText());

        assertThat(api.call("DELETE", "/api/v1/tenants/default/endpoints/" + id, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(3)).until(() -> !agent.getState().isConnected());
        assertThatThrownBy(() -> MqttAgentClient.connect(platform.mqttPort, id, id, a.path("secret").asText()))
                .isInstanceOf(Mqtt5ConnAckException.class);
        assertThat(api.call("GET", "/api/v1/tenants/default/endpoints/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void rotatedSecretReplacesTheOldOneAndDropsTheLiveSession() throws Exception {
        JsonNode a = api.createEndpoint("iso-rotated", "{}");
        String id = a.path("id").asText();
        String oldSecret = a.path("secret").asText();
        Mqtt5BlockingClient agent = MqttAgentClient.connect(platform.mqttPort, id, id, oldSecret);

        ApiClient.Response rotated = api.call("POST", "/api/v1/tenants/default/endpoints/" + id + "/credentials", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.body().path("secret").asText();
        assertThat(newSecret).isNotBlank().isNotEqualTo(oldSecret);

        await().atMost(Duration.ofSeconds(3)).until(() -> !agent.getState().isConnected());
        assertThatThrownBy(() -> MqttAgentClient.connect(platform.mqttPort, id, id, oldSecret))
                .isInstanceOf(Mqtt5ConnAckException.class);
        MqttAgentClient.connect(platform.mqttPort, id, id, newSecret).disconnect();
    }
}

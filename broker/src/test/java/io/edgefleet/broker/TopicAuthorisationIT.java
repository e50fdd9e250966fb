package io.edgefleet.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.edgefleet.broker.MqttClients.bytes;
import static io.edgefleet.broker.MqttClients.text;
import static io.edgefleet.broker.SecuredBroker.A;
import static io.edgefleet.broker.SecuredBroker.B;
import static io.edgefleet.broker.SecuredBroker.C;
import static io.edgefleet.broker.SecuredBroker.OTHER_TENANT;
import static io.edgefleet.broker.SecuredBroker.SERVICE;
import static io.edgefleet.broker.SecuredBroker.SERVICE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What connected clients may publish and subscribe to, Last Will included. */
class TopicAuthorisationIT {

    @TempDir
    static Path dataDir;
    static SecuredBroker secured;

    @BeforeAll
    static void startBroker() throws Exception {
        secured = SecuredBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    void agentMaySubscribeOnlyToItsOwnDesiredStateAndCommands() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(A, "secret-of-a");
        assertThat(agent.subscribeWith().topicFilter("edge/v1/default/" + A + "/commands").qos(MqttQos.AT_LEAST_ONCE).send()
                .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        for (String filter : new String[]{"edge/v1/default/" + B + "/commands", "edge/v1/default/" + A + "/+",
                "edge/v1/default/+/desired", "edge/v1/#", "#", "$share/agents/edge/v1/default/" + A + "/commands",
                "fleet/v1/default/events/#", "edge/v1/acme/" + A + "/desired"}) {
            assertThatThrownBy(() -> agent.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .as(filter)
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        }
        assertThat(agent.getState().isConnected()).isTrue();
        agent.disconnect();
    }

    @Test
    void agentOfAnotherTenantCannotSubscribeToThisTenantsEndpoint() {
        Mqtt5BlockingClient stranger = secured.mqtt().connectedAgent(OTHER_TENANT, "secret-of-e");
        assertThatThrownBy(() -> stranger.subscribeWith().topicFilter("edge/v1/default/" + OTHER_TENANT + "/commands").send())
                .isInstanceOf(Mqtt5SubAckException.class);
        assertThat(stranger.subscribeWith().topicFilter("edge/v1/acme/" + OTHER_TENANT + "/commands")
                .qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        stranger.disconnect();
    }

    @Test
    void agentPublishingOnAnotherAgentsTopicIsRefusedAndDisconnected() throws Exception {
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        service.subscribeWith().topicFilter("edge/v1/default/" + B + "/heartbeat").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(A, "secret-of-a");
        try (var received = service.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThatThrownBy(() -> agent.publishWith().topic("edge/v1/default/" + B + "/heartbeat")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{}")).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            await().atMost(Duration.ofSeconds(5)).until(() -> !agent.getState().isConnected());
            assertThat(received.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        }
        service.disconnect();
    }

    @Test
    void agentSendingAQos0HeartbeatOnAnotherAgentsTopicIsDisconnected() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(B, "secret-of-b");
        agent.publishWith().topic("edge/v1/default/" + A + "/heartbeat").qos(MqttQos.AT_MOST_ONCE).payload(bytes("{}")).send();
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.getState().isConnected());
    }

    @Test
    void agentRetainingOnATopicThatIsNotRetainedIsDisconnected() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(B, "secret-of-b");
        agent.publishWith().topic("edge/v1/default/" + B + "/state").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(bytes("{}")).send();
        assertThatThrownBy(() -> agent.publishWith().topic("edge/v1/default/" + B + "/heartbeat")
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("{}")).send())
                .isInstanceOf(Mqtt5PubAckException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.getState().isConnected());
    }

    @Test
    void serviceSharedSubscriptionReceivesAgentsHeartbeats() throws Exception {
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        service.subscribeWith().topicFilter("$share/registry/edge/v1/+/+/heartbeat").qos(MqttQos.AT_MOST_ONCE).send();
        Mqtt5BlockingClient agentA = secured.mqtt().connectedAgent(A, "secret-of-a");
        Mqtt5BlockingClient agentB = secured.mqtt().connectedAgent(B, "secret-of-b");
        try (var received = service.publishes(MqttGlobalPublishFilter.ALL)) {
            agentA.publishWith().topic("edge/v1/default/" + A + "/heartbeat").payload(bytes("{\"from\":\"a\"}")).send();
            agentB.publishWith().topic("edge/v1/default/" + B + "/heartbeat").payload(bytes("{\"from\":\"b\"}")).send();
            var first = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            var second = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(List.of(first.getTopic().toString(), second.getTopic().toString()))
                    .containsExactlyInAnyOrder("edge/v1/default/" + A + "/heartbeat", "edge/v1/default/" + B + "/heartbeat");
        }
        agentA.disconnect();
        agentB.disconnect();
        service.disconnect();
    }

    @Test
    void lastWillOfAKilledAgentIsDeliveredRetainedOnItsPresenceTopic() throws Exception {
        String presence = "edge/v1/default/" + C + "/presence";
        String offline = "{\"status\":\"offline\"}";
        try (TcpRelay network = new TcpRelay(secured.broker().mqttPort())) {
            Mqtt5BlockingClient agent = MqttClients.client(C, network.port());
            agent.connectWith().simpleAuth().username(C).password(bytes("secret-of-c")).applySimpleAuth()
                    .willPublish().topic(presence).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes(offline))
                    .applyWillPublish().send();
            agent.publishWith().topic(presence).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(bytes("{\"status\":\"online\"}")).send();
            network.cutAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> !agent.getState().isConnected());
        }
        // a subscriber that arrives later still learns the endpoint is offline
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
            try (var received = service.publishes(MqttGlobalPublishFilter.ALL)) {
                service.subscribeWith().topicFilter(presence).qos(MqttQos.AT_LEAST_ONCE).send();
                var retained = received.receive(2, TimeUnit.SECONDS).orElseThrow();
                assertThat(retained.isRetain()).isTrue();
                assertThat(text(retained.getPayloadAsBytes())).isEqualTo(offline);
            } finally {
                service.disconnect();
            }
        });
    }

    @Test
    void agentWithALastWillOutsideItsPresenceTopicIsRefused() {
        for (String willTopic : new String[]{"edge/v1/default/" + A + "/state", "edge/v1/default/" + B + "/presence"}) {
            Mqtt5BlockingClient agent = secured.mqtt().client(A);
            assertThatThrownBy(() -> agent.connectWith().simpleAuth().username(A).password(bytes("secret-of-a"))
                    .applySimpleAuth().willPublish().topic(willTopic).payload(bytes("{}")).applyWillPublish().send())
                    .as(willTopic)
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        }
    }

    @Test
    void agentReceivesCommandsAServicePublishes() throws Exception {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(B, "secret-of-b");
        agent.subscribeWith().topicFilter("edge/v1/default/" + B + "/commands").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        try (var received = agent.publishes(MqttGlobalPublishFilter.ALL)) {
            MqttClients.publish(service, "edge/v1/default/" + B + "/commands", "{\"command\":\"restart\"}", false);
            assertThat(received.receive(5, TimeUnit.SECONDS)).map(p -> text(p.getPayloadAsBytes()))
                    .contains("{\"command\":\"restart\"}");
        }
        agent.disconnect();
        service.disconnect();
    }
}

package io.edgefleet.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static io.edgefleet.broker.MqttClients.bytes;
import static io.edgefleet.broker.MqttClients.text;
import static io.edgefleet.broker.SecuredBroker.A;
import static io.edgefleet.broker.SecuredBroker.ACME_KEY;
import static io.edgefleet.broker.SecuredBroker.OTHER_TENANT;
import static io.edgefleet.broker.SecuredBroker.SERVICE;
import static io.edgefleet.broker.SecuredBroker.SERVICE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Integration keys against the real broker: read-only on their tenant's telemetry and events, revocable, expiring. */
class IntegrationKeyIT {

    static final String KEY_SECRET = "secret-of-acme-key";
    static final String GATEWAY = "gateway";
    static final String GATEWAY_SECRET = "gateway-secret-0123456789";
    static final String AUDIT_TOPIC = Events.topic("acme", "audit.recorded");
    static final String REGISTERED_TOPIC = Events.topic("acme", "endpoint.registered");
    static final String UPDATED_TOPIC = Events.topic("acme", "endpoint.updated");
    static final String REGISTERED_EVENT = endpointEvent("endpoint.registered");
    static final String UPDATED_EVENT = endpointEvent("endpoint.updated");

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
    @DisplayName("a key receives what its tenant's agents publish and its tenant's fleet events")
    void keyReadsItsTenantsTelemetryAndEvents() throws Exception {
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(ACME_KEY, KEY_SECRET);
        try (var received = key.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : new String[]{"edge/v1/acme/+/heartbeat", "edge/v1/acme/+/state", "fleet/v1/acme/events/#"}) {
                assertThat(key.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes())
                        .as(filter).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            }
            Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(OTHER_TENANT, "secret-of-e");
            agent.publishWith().topic("edge/v1/acme/" + OTHER_TENANT + "/heartbeat").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("{\"seq\":1}")).send();
            var heartbeat = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(heartbeat.getTopic().toString()).isEqualTo("edge/v1/acme/" + OTHER_TENANT + "/heartbeat");
            assertThat(text(heartbeat.getPayloadAsBytes())).isEqualTo("{\"seq\":1}");

            Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
            MqttClients.publish(service, "fleet/v1/acme/events/endpoint.online", "{\"online\":true}", false);
            assertThat(received.receive(5, TimeUnit.SECONDS)).map(p -> p.getTopic().toString())
                    .contains("fleet/v1/acme/events/endpoint.online");
            agent.disconnect();
            service.disconnect();
        }
        key.disconnect();
    }

    @Test
    @DisplayName("a key is refused on other tenants' topics and on every desired, command and reply topic")
    void keyIsRefusedOutsideItsTenantsReadableTopics() {
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(ACME_KEY, KEY_SECRET);
        for (String filter : new String[]{"edge/v1/default/+/heartbeat", "edge/v1/default/" + A + "/state",
                "fleet/v1/default/events/#", "edge/v1/+/+/state", "fleet/v1/+/events/#",
                "edge/v1/acme/+/desired", "edge/v1/acme/" + OTHER_TENANT + "/desired", "edge/v1/acme/+/commands",
                "edge/v1/acme/" + OTHER_TENANT + "/commands", "edge/v1/acme/+/replies", "edge/v1/acme/+/+",
                "edge/v1/acme/#", "fleet/v1/acme/tenant", "platform/v1/deadletter/#", "#",
                "$share/g/edge/v1/acme/+/state"}) {
            assertThatThrownBy(() -> key.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .as(filter)
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        }
        assertThat(key.getState().isConnected()).isTrue();
        key.disconnect();
    }

    @Test
    @DisplayName("a key subscribed to its tenant's events gets every event but the audit entries; a service gets those")
    void keyNeverReceivesAuditEntriesThroughAWildcard() throws InterruptedException {
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(ACME_KEY, KEY_SECRET);
        Mqtt3BlockingClient auditor = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        Mqtt3BlockingClient gateway = secured.mqtt().connectedService(GATEWAY, GATEWAY_SECRET);
        try (var keyReceived = key.publishes(MqttGlobalPublishFilter.ALL);
             var auditorReceived = auditor.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(key.subscribeWith().topicFilter("fleet/v1/acme/events/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            auditor.subscribeWith().topicFilter(AUDIT_TOPIC).qos(MqttQos.AT_LEAST_ONCE).send();

            MqttClients.publish(gateway, AUDIT_TOPIC, Events.auditRecorded("acme", "endpoints.create"), false);
            MqttClients.publish(gateway, REGISTERED_TOPIC, REGISTERED_EVENT, false);
            MqttClients.publish(gateway, AUDIT_TOPIC, Events.auditRecorded("acme", "endpoints.update"), false);
            MqttClients.publish(gateway, UPDATED_TOPIC, UPDATED_EVENT, false);

            for (int i = 0; i < 2; i++) {
                assertThat(auditorReceived.receive(5, TimeUnit.SECONDS)).as("audit entry %d to the service", i)
                        .map(p -> p.getTopic().toString()).contains(AUDIT_TOPIC);
            }
            // one publisher, QoS 1: the key's queue keeps the order, so a leaked entry would come before the last event
            assertThat(keyReceived.receive(5, TimeUnit.SECONDS)).map(p -> p.getTopic().toString()).contains(REGISTERED_TOPIC);
            assertThat(keyReceived.receive(5, TimeUnit.SECONDS)).map(p -> p.getTopic().toString()).contains(UPDATED_TOPIC);
            assertThat(keyReceived.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
            assertThat(key.getState().isConnected()).isTrue();
        } finally {
            key.disconnect();
            auditor.disconnect();
            gateway.disconnect();
        }
    }

    @Test
    @DisplayName("a key's retained and offline-queued audit entries are withheld as well")
    void retainedAndQueuedAuditEntriesAreWithheld() throws InterruptedException {
        String keyId = "ik-eeeeeeeeeeee";
        secured.registry().addKey(keyId, new FakeRegistry.Key("acme", "persistent", null));
        Mqtt3BlockingClient gateway = secured.mqtt().connectedService(GATEWAY, GATEWAY_SECRET);
        try {
            MqttClients.publish(gateway, AUDIT_TOPIC, Events.auditRecorded("acme", "endpoints.delete"), true);
            MqttClients.publish(gateway, REGISTERED_TOPIC, REGISTERED_EVENT, true);

            Mqtt5BlockingClient key = secured.mqtt().client("int:" + keyId);
            try (var received = key.publishes(MqttGlobalPublishFilter.ALL)) {
                connectPersistent(key, keyId);
                key.subscribeWith().topicFilter("fleet/v1/acme/events/#").qos(MqttQos.AT_LEAST_ONCE).send();
                var retained = received.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(retained.getTopic().toString()).isEqualTo(REGISTERED_TOPIC);
                assertThat(retained.isRetain()).isTrue();
                assertThat(received.receive(300, TimeUnit.MILLISECONDS)).as("the retained audit entry").isEmpty();
            }
            key.disconnect();

            MqttClients.publish(gateway, AUDIT_TOPIC, Events.auditRecorded("acme", "endpoints.rotate"), false);
            MqttClients.publish(gateway, UPDATED_TOPIC, UPDATED_EVENT, false);
            Mqtt5BlockingClient back = secured.mqtt().client("int:" + keyId);
            try (var received = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(connectPersistent(back, keyId)).as("session present").isTrue();
                assertThat(received.receive(5, TimeUnit.SECONDS)).map(p -> p.getTopic().toString()).contains(UPDATED_TOPIC);
                assertThat(received.receive(300, TimeUnit.MILLISECONDS)).as("the queued audit entry").isEmpty();
            }
            back.disconnect();
        } finally {
            MqttClients.publish(gateway, AUDIT_TOPIC, "", true);
            MqttClients.publish(gateway, REGISTERED_TOPIC, "", true);
            gateway.disconnect();
        }
    }

    @Test
    @DisplayName("a key that subscribes to the audit entries by name gets SUBACK not authorised and stays connected")
    void explicitAuditSubscriptionIsRefused() {
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(ACME_KEY, KEY_SECRET);
        for (String filter : new String[]{AUDIT_TOPIC, AUDIT_TOPIC + "/#", "fleet/v1/+/events/audit.recorded"}) {
            assertThatThrownBy(() -> key.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .as(filter)
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        }
        assertThat(key.subscribeWith().topicFilter("fleet/v1/acme/events/+").qos(MqttQos.AT_LEAST_ONCE).send()
                .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(key.getState().isConnected()).isTrue();
        key.disconnect();
    }

    private static String endpointEvent(String type) {
        return Events.event(type, "acme", OTHER_TENANT, "{\"endpointId\":\"" + OTHER_TENANT + "\",\"tenant\":\"acme\"}");
    }

    /** @return whether the broker still had the key's session */
    private static boolean connectPersistent(Mqtt5BlockingClient key, String keyId) {
        return key.connectWith().cleanStart(false).sessionExpiryInterval(300).simpleAuth().username("int:" + keyId)
                .password(bytes("persistent")).applySimpleAuth().send().isSessionPresent();
    }

    @Test
    void keyThatPublishesIsRefusedAndDisconnected() {
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(ACME_KEY, KEY_SECRET);
        assertThatThrownBy(() -> key.publishWith().topic("edge/v1/acme/" + OTHER_TENANT + "/commands")
                .qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{}")).send()).isInstanceOf(Mqtt5PubAckException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !key.getState().isConnected());
    }

    @Test
    void keyWithAnotherClientIdOrALastWillIsRefused() {
        secured.mqtt().assertRefused("mes-1", "int:" + ACME_KEY, KEY_SECRET, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        Mqtt5BlockingClient withWill = secured.mqtt().client("int:" + ACME_KEY);
        assertThatThrownBy(() -> withWill.connectWith().simpleAuth().username("int:" + ACME_KEY).password(bytes(KEY_SECRET))
                .applySimpleAuth().willPublish().topic("edge/v1/acme/" + OTHER_TENANT + "/presence").payload(bytes("{}"))
                .applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        secured.mqtt().assertRefused("int:" + ACME_KEY, "int:" + ACME_KEY, "wrong", Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    @DisplayName("integration-key.revoked disconnects the key's live session and forgets its cached answer")
    void revocationDisconnectsTheLiveSession() {
        String keyId = "ik-cccccccccccc";
        secured.registry().addKey(keyId, new FakeRegistry.Key("acme", "to-be-revoked", null));
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(keyId, "to-be-revoked");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);

        MqttClients.publish(service, Events.topic("acme", "integration-key.revoked"), Events.keyRevoked("acme", keyId), false);

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> !key.getState().isConnected());
        int callsBefore = secured.registry().calls("int:" + keyId);
        secured.mqtt().connectedKey(keyId, "to-be-revoked").disconnect();
        assertThat(secured.registry().calls("int:" + keyId)).as("asked the registry again").isEqualTo(callsBefore + 1);
        service.disconnect();
    }

    @Test
    @DisplayName("a key is disconnected when it expires and its cached answer no longer admits it")
    void expiredKeyIsDisconnectedAndRefused() {
        String keyId = "ik-dddddddddddd";
        Instant expiresAt = Instant.now().plusSeconds(2);
        secured.registry().addKey(keyId, new FakeRegistry.Key("acme", "short-lived", expiresAt));
        Mqtt5BlockingClient key = secured.mqtt().connectedKey(keyId, "short-lived");
        assertThat(key.getState().isConnected()).isTrue();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !key.getState().isConnected());
        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
        secured.mqtt().assertRefused("int:" + keyId, "int:" + keyId, "short-lived", Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
}

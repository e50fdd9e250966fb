package io.edgefleet.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.edgefleet.broker.MqttClients.bytes;
import static io.edgefleet.broker.SecuredBroker.A;
import static io.edgefleet.broker.SecuredBroker.AUTH_TIMEOUT_MILLIS;
import static io.edgefleet.broker.SecuredBroker.B;
import static io.edgefleet.broker.SecuredBroker.C;
import static io.edgefleet.broker.SecuredBroker.D;
import static io.edgefleet.broker.SecuredBroker.SERVICE;
import static io.edgefleet.broker.SecuredBroker.SERVICE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Who may connect: agents checked by the (fake) registry with a cache, service accounts locally; credential events. */
class AgentAuthenticationIT {

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
    void agentWithItsSecretConnects() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(B, "secret-of-b");
        assertThat(agent.getState().isConnected()).isTrue();
        agent.disconnect();
    }

    @Test
    void agentWithAWrongSecretIsRefused() {
        secured.mqtt().assertRefused(B, B, "secret-of-a", Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void unknownEndpointIsRefused() {
        secured.mqtt().assertRefused("ep-zzzzzzzzzzzz", "ep-zzzzzzzzzzzz", "anything", Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void clientIdOtherThanTheUsernameIsRefusedWithoutAskingTheRegistry() {
        int before = secured.registry().calls(A);
        secured.mqtt().assertRefused("someone-else", A, "secret-of-a", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        secured.mqtt().assertRefused(B, A, "secret-of-a", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(secured.registry().calls(A)).isEqualTo(before);
    }

    @Test
    void connectWithoutCredentialsIsRefused() {
        Mqtt5BlockingClient anonymous = secured.mqtt().client(A);
        assertThatThrownBy(anonymous::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        Mqtt5BlockingClient usernameOnly = secured.mqtt().client(A);
        assertThatThrownBy(() -> usernameOnly.connectWith().simpleAuth().username(A).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void serviceAccountWithAWrongSecretIsRefused() {
        secured.mqtt().assertRefused("registry-1", "svc:" + SERVICE, "gateway-secret-0123456789",
                Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        secured.mqtt().assertRefused("registry-1", "svc:nobody", SERVICE_SECRET, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void credentialRotationDisconnectsTheLiveSessionAndForgetsCachedCredentials() throws Exception {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(D, "secret-of-d");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        long published = System.nanoTime();
        MqttClients.publish(service, "fleet/v1/default/events/endpoint.credential-rotated", credentialEvent(D), false);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> !agent.getState().isConnected());
        long disconnectMillis = (System.nanoTime() - published) / 1_000_000;
        System.out.println("credential-rotated event to disconnect: " + disconnectMillis + " ms");

        int callsBefore = secured.registry().calls(D);
        Mqtt5BlockingClient again = secured.mqtt().connectedAgent(D, "secret-of-d");
        assertThat(secured.registry().calls(D)).isEqualTo(callsBefore + 1);
        again.disconnect();
        // the service that published the event is not affected
        assertThat(service.getState().isConnected()).isTrue();
        service.disconnect();
    }

    @Test
    void credentialEventWithoutAnEndpointIdIsIgnored() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(B, "secret-of-b");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        MqttClients.publish(service, "fleet/v1/default/events/endpoint.deleted", "not json", false);
        MqttClients.publish(service, "fleet/v1/default/events/endpoint.deleted", "{\"data\":{\"endpointId\":\"../x\"}}", false);
        MqttClients.publish(service, "fleet/v1/default/events/endpoint.registered", credentialEvent(B), false);
        // a round trip through the broker after the events: they have been processed
        MqttClients.publish(service, "fleet/v1/default/events/endpoint.updated", "{}", false);
        assertThat(service.getState().isConnected()).isTrue();
        assertThat(agent.getState().isConnected()).isTrue();
        agent.disconnect();
        service.disconnect();
    }

    @Test
    void registryDownRefusesNewConnectsButKeepsConnectedAgents() throws Exception {
        Mqtt5BlockingClient connected = secured.mqtt().connectedAgent(B, "secret-of-b");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        service.subscribeWith().topicFilter("edge/v1/default/" + B + "/heartbeat").send();
        secured.registry().stop();
        try {
            secured.mqtt().assertRefused(C, C, "secret-of-c-never-cached", Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
            // service accounts do not depend on the registry
            secured.mqtt().connectedService(SERVICE, SERVICE_SECRET).disconnect();
            try (var received = service.publishes(MqttGlobalPublishFilter.ALL)) {
                connected.publishWith().topic("edge/v1/default/" + B + "/heartbeat").payload(bytes("{}")).send();
                assertThat(received.receive(5, TimeUnit.SECONDS)).isPresent();
            }
            assertThat(connected.getState().isConnected()).isTrue();
        } finally {
            secured.registry().restart();
        }
        connected.disconnect();
        service.disconnect();
    }

    @Test
    void registryTooSlowRefusesTheConnectAfterTheTimeout() {
        secured.registry().hang();
        try {
            long start = System.nanoTime();
            secured.mqtt().assertRefused(C, C, "secret-of-c-slow", Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween((long) AUTH_TIMEOUT_MILLIS, AUTH_TIMEOUT_MILLIS + 1000L);
        } finally {
            secured.registry().answer();
        }
    }

    static String credentialEvent(String endpointId) {
        return """
                {"specversion":"1.0","id":"6f1c3f7e-2f1e-4a53-9d55-8d1c2b8f0a11","source":"/edgefleet/registry",
                 "type":"io.edgefleet.endpoint.credential-rotated.v1","time":"2026-01-01T00:00:00Z",
                 "subject":"%s","tenant":"default","datacontenttype":"application/json",
                 "data":{"endpointId":"%s","tenant":"default"}}""".formatted(endpointId, endpointId);
    }
}

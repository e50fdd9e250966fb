package io.edgefleet.broker;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.edgefleet.broker.SecuredBroker.A;
import static io.edgefleet.broker.SecuredBroker.ACME_KEY;
import static io.edgefleet.broker.SecuredBroker.BETA;
import static io.edgefleet.broker.SecuredBroker.BETA_1;
import static io.edgefleet.broker.SecuredBroker.BETA_2;
import static io.edgefleet.broker.SecuredBroker.BETA_KEY;
import static io.edgefleet.broker.SecuredBroker.OTHER_TENANT;
import static io.edgefleet.broker.SecuredBroker.SERVICE;
import static io.edgefleet.broker.SecuredBroker.SERVICE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tenant.disabled and tenant.deleted disconnect every session of the tenant at once and keep its clients out, although
 * the (fake) registry would still admit them; tenant.enabled and tenant.created let them in again.
 */
class TenantRevocationIT {

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
    @DisplayName("tenant.disabled disconnects the tenant's agents and keys, refuses their reconnects, spares other tenants")
    void disabledTenantIsDisconnectedAndKeptOutUntilEnabled() {
        List<Mqtt5BlockingClient> beta = betaClients();
        Mqtt5BlockingClient otherAgent = secured.mqtt().connectedAgent(A, "secret-of-a");
        Mqtt5BlockingClient otherKey = secured.mqtt().connectedKey(ACME_KEY, "secret-of-acme-key");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);

        long published = System.nanoTime();
        MqttClients.publish(service, Events.topic(BETA, "tenant.disabled"), Events.tenantEvent("tenant.disabled", BETA, "disabled"), false);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> beta.stream().noneMatch(client -> client.getState().isConnected()));
        System.out.println("tenant.disabled to all " + beta.size() + " sessions gone: " + (System.nanoTime() - published) / 1_000_000 + " ms");

        assertRefused();
        assertThat(otherAgent.getState().isConnected()).isTrue();
        assertThat(otherKey.getState().isConnected()).isTrue();
        assertThat(service.getState().isConnected()).isTrue();

        MqttClients.publish(service, Events.topic(BETA, "tenant.enabled"), Events.tenantEvent("tenant.enabled", BETA, "active"), false);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> betaClients().forEach(Mqtt5BlockingClient::disconnect));
        otherAgent.disconnect();
        otherKey.disconnect();
        service.disconnect();
    }

    @Test
    void deletedTenantIsDisconnectedAndKeptOutUntilCreatedAgain() {
        List<Mqtt5BlockingClient> beta = betaClients();
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);

        MqttClients.publish(service, Events.topic(BETA, "tenant.deleted"), Events.tenantEvent("tenant.deleted", BETA, "disabled"), false);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> beta.stream().noneMatch(client -> client.getState().isConnected()));
        assertRefused();

        MqttClients.publish(service, Events.topic(BETA, "tenant.created"), Events.tenantEvent("tenant.created", BETA, "active"), false);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> betaClients().forEach(Mqtt5BlockingClient::disconnect));
        service.disconnect();
    }

    @Test
    @DisplayName("a tenant event whose data names another tenant than its topic changes nothing")
    void tenantEventForAnotherTenantThanItsTopicIsIgnored() {
        Mqtt5BlockingClient agent = secured.mqtt().connectedAgent(OTHER_TENANT, "secret-of-e");
        Mqtt3BlockingClient service = secured.mqtt().connectedService(SERVICE, SERVICE_SECRET);
        MqttClients.publish(service, Events.topic(BETA, "tenant.disabled"), Events.tenantEvent("tenant.disabled", "acme", "disabled"), false);
        MqttClients.publish(service, Events.topic("acme", "tenant.disabled"), "not json", false);
        // a round trip after the events: the broker has processed them
        MqttClients.publish(service, "fleet/v1/acme/events/endpoint.updated", "{}", false);
        assertThat(agent.getState().isConnected()).isTrue();
        secured.mqtt().connectedAgent(BETA_1, "secret-of-f").disconnect();
        agent.disconnect();
        service.disconnect();
    }

    private static List<Mqtt5BlockingClient> betaClients() {
        return List.of(secured.mqtt().connectedAgent(BETA_1, "secret-of-f"), secured.mqtt().connectedAgent(BETA_2, "secret-of-g"),
                secured.mqtt().connectedKey(BETA_KEY, "secret-of-beta-key"));
    }

    private static void assertRefused() {
        secured.mqtt().assertRefused(BETA_1, BETA_1, "secret-of-f", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        secured.mqtt().assertRefused(BETA_2, BETA_2, "secret-of-g", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        secured.mqtt().assertRefused("int:" + BETA_KEY, "int:" + BETA_KEY, "secret-of-beta-key", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }
}

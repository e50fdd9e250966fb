package io.edgefleet.allinone;

import static io.edgefleet.allinone.TenantWorld.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant changes made at the tenancy service reach the registry and the broker of the running platform: integration
 * keys made through the gateway read only their tenant's telemetry and stop at revocation; disabling a tenant ends
 * its agents' and keys' sessions while its data stays; deleting it removes its endpoints and keys from the registry.
 */
class TenantPropagationIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();

    private static TenantWorld world;
    private static ApiClient admin;

    @BeforeAll
    static void platform() {
        world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        admin = world.admin();
    }

    @Test
    @DisplayName("an integration key reads its tenant's telemetry, is refused elsewhere and on commands, and stops when revoked")
    void integrationKeyReadsOnlyItsTenantsTelemetry() throws Exception {
        world.tenant("plant-a");
        world.tenant("plant-b");
        ApiClient tenantAdmin = world.member("plant-a", "tenant-admin", "ada");
        JsonNode endpoint = createWhenKnown(tenantAdmin, "/api/v1/tenants/plant-a/endpoints", "{\"name\":\"press-1\"}");
        JsonNode key = expect(tenantAdmin.call("POST", "/api/v1/tenants/plant-a/integration-keys", "{\"name\":\"mes\"}"),
                201, "create integration key");
        String keyUser = key.path("username").asText();
        assertThat(keyUser).isEqualTo("int:" + key.path("id").asText());
        assertThat(expect(tenantAdmin.call("GET", "/api/v1/tenants/plant-a/integration-keys", null), 200, "list keys")
                .toString()).doesNotContain(key.path("secret").asText());

        Mqtt5BlockingClient reader = connect(keyUser, key.path("secret").asText());
        reader.subscribeWith().topicFilter("edge/v1/plant-a/+/heartbeat").qos(MqttQos.AT_LEAST_ONCE).send();
        for (String filter : List.of("edge/v1/plant-b/+/heartbeat", "edge/v1/default/+/state", "edge/v1/plant-a/+/commands",
                "edge/v1/plant-a/+/desired", "fleet/v1/plant-b/events/#", "#")) {
            assertThatThrownBy(() -> reader.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .as(filter).isInstanceOf(Mqtt5SubAckException.class);
        }
        String endpointId = endpoint.path("id").asText();
        try (var received = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5BlockingClient agent = connect(endpointId, endpoint.path("secret").asText());
            MqttAgentClient.publish(agent, "edge/v1/plant-a/" + endpointId + "/heartbeat",
                    "{\"seq\":1,\"at\":\"2030-01-01T00:00:00Z\",\"intervalSeconds\":30}");
            var heartbeat = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(heartbeat.getTopic().toString()).isEqualTo("edge/v1/plant-a/" + endpointId + "/heartbeat");
            assertThat(new String(heartbeat.getPayloadAsBytes(), StandardCharsets.UTF_8)).contains("\"seq\":1");
            agent.disconnect();
        }

        expect(tenantAdmin.call("DELETE", "/api/v1/tenants/plant-a/integration-keys/" + key.path("id").asText(), null),
                204, "revoke key");
        await().atMost(Duration.ofSeconds(5)).until(() -> !reader.getState().isConnected());
        assertThatThrownBy(() -> connect(keyUser, key.path("secret").asText())).isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    @DisplayName("disabling a tenant ends its agents' and keys' sessions and keeps its data; deleting it removes the data")
    void disabledTenantIsDisconnectedAndDeletedTenantIsPurged() throws Exception {
        world.tenant("plant-c");
        JsonNode endpoint = createWhenKnown(admin, "/api/v1/tenants/plant-c/endpoints", "{\"name\":\"press-1\"}");
        JsonNode key = expect(admin.call("POST", "/api/v1/tenants/plant-c/integration-keys", "{\"name\":\"historian\"}"),
                201, "create integration key");
        String endpointId = endpoint.path("id").asText();
        String secret = endpoint.path("secret").asText();
        Mqtt5BlockingClient agent = connect(endpointId, secret);
        Mqtt5BlockingClient reader = connect(key.path("username").asText(), key.path("secret").asText());

        expect(admin.call("PATCH", "/api/v1/tenants/plant-c", "{\"status\":\"disabled\"}"), 200, "disable tenant");

        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.getState().isConnected() && !reader.getState().isConnected());
        assertThatThrownBy(() -> connect(endpointId, secret)).isInstanceOf(Mqtt5ConnAckException.class);
        assertThat(expect(admin.call("GET", "/api/v1/tenants/plant-c/endpoints/" + endpointId, null), 200, "read endpoint")
                .path("name").asText()).isEqualTo("press-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.call("POST", "/api/v1/tenants/plant-c/endpoints",
                "{\"name\":\"press-2\"}").status() == 409);

        expect(admin.call("PATCH", "/api/v1/tenants/plant-c", "{\"status\":\"active\"}"), 200, "enable tenant");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            connect(endpointId, secret).disconnect();
            return true;
        });

        expect(admin.call("DELETE", "/api/v1/tenants/plant-c", null), 204, "delete tenant");
        world.tenant("plant-c");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ApiClient.Response endpoints = admin.call("GET", "/api/v1/tenants/plant-c/endpoints", null);
            return endpoints.status() == 200 && endpoints.body().path("total").asInt() == 0;
        });
        assertThat(expect(admin.call("GET", "/api/v1/tenants/plant-c/integration-keys", null), 200, "list keys")
                .path("items")).isEmpty();
        assertThatThrownBy(() -> connect(endpointId, secret)).isInstanceOf(Mqtt5ConnAckException.class);
    }

    /** Posts until the registry has learned the new tenant (it does from the tenancy service's snapshot). */
    private static JsonNode createWhenKnown(ApiClient caller, String path, String body) {
        ApiClient.Response[] created = new ApiClient.Response[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            created[0] = caller.call("POST", path, body);
            return created[0].status() != 404;
        });
        return expect(created[0], 201, "POST " + path);
    }

    private static Mqtt5BlockingClient connect(String username, String secret) {
        return MqttAgentClient.connect(PLATFORM.process().mqttPort, username, username, secret);
    }
}

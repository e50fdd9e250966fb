package io.edgefleet.registry.tenant;

import static io.edgefleet.registry.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tenants learned from the tenancy service's retained snapshots, with the real broker and PostgreSQL: a disabled
 * tenant keeps its data readable but its agents and keys are disconnected and refused, and nothing new is created in
 * it; a deleted tenant's endpoints and keys are purged with their events.
 */
class TenantLifecycleIT {

    static RegistryHarness registry;
    static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        http = registry.http();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("without any snapshot the registry knows tenant default only")
    void defaultExistsFromTheStartAndOtherTenantsOnlyOnceAnnounced() {
        assertThat(registry.tenantStatus("default")).isEqualTo("active");
        assertProblem(http.get("/api/v1/tenants/later/endpoints"), 404, "tenant-not-found");

        registry.tenant("later", "active");

        assertThat(http.get("/api/v1/tenants/later/endpoints").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/tenants/later/endpoints", "{\"name\":\"press-1\"}").status()).isEqualTo(201);
    }

    @Test
    @DisplayName("disabled: live agent and key sessions end, reconnects are refused, reads work, creating is 409")
    void disabledTenantKeepsItsDataButLosesItsConnections() {
        registry.tenant("paused", "active");
        JsonNode endpoint = create("paused", "line-1");
        String id = endpoint.path("id").asText();
        String secret = endpoint.path("secret").asText();
        JsonNode key = createKey("paused", "mes");
        MqttTestClient agent = registry.agent("paused", id, secret, null);
        MqttTestClient keySession = registry.integrationKey(key.path("id").asText(), key.path("secret").asText());

        registry.tenant("paused", "disabled");

        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected() && !keySession.isConnected());
        assertThatThrownBy(() -> registry.agent("paused", id, secret, null)).isInstanceOf(Mqtt5ConnAckException.class);
        assertThatThrownBy(() -> registry.integrationKey(key.path("id").asText(), key.path("secret").asText()))
                .isInstanceOf(Mqtt5ConnAckException.class);
        assertThat(auth(id, secret)).isEqualTo("deny");
        assertThat(auth("int:" + key.path("id").asText(), key.path("secret").asText())).isEqualTo("deny");

        assertThat(http.get("/api/v1/tenants/paused/endpoints/" + id).json().path("name").asText()).isEqualTo("line-1");
        assertThat(http.get("/api/v1/tenants/paused/integration-keys").json().path("items")).hasSize(1);
        long rowsBefore = endpointRows("paused");
        assertProblem(http.post("/api/v1/tenants/paused/endpoints", "{\"name\":\"line-2\"}"), 409, "tenant-disabled");
        assertProblem(http.post("/api/v1/tenants/paused/endpoints/" + id + "/credentials", null), 409, "tenant-disabled");
        assertProblem(http.post("/api/v1/tenants/paused/integration-keys", "{\"name\":\"erp\"}"), 409, "tenant-disabled");
        assertThat(endpointRows("paused")).isEqualTo(rowsBefore);
        assertThat(http.get("/api/v1/tenants/paused/integration-keys").json().path("items")).hasSize(1);

        registry.tenant("paused", "active");
        try (MqttTestClient again = registry.agent("paused", id, secret, null)) {
            assertThat(again.isConnected()).isTrue();
        }
    }

    @Test
    @DisplayName("deleted: every endpoint and key of the tenant is purged with its events, other tenants untouched")
    void deletedTenantIsPurged() {
        registry.tenant("gone", "active");
        registry.tenant("stays", "active");
        String first = create("gone", "a").path("id").asText();
        JsonNode second = create("gone", "b");
        String keyId = createKey("gone", "historian").path("id").asText();
        String kept = create("stays", "a").path("id").asText();
        MqttTestClient agent = registry.agent("gone", second.path("id").asText(), second.path("secret").asText(), null);

        registry.deleteTenant("gone");

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.tenantStatus("gone") == null);
        assertThat(registry.sql("SELECT id FROM registry.endpoints WHERE tenant = 'gone'")).isEmpty();
        assertThat(registry.sql("SELECT id FROM registry.integration_keys WHERE tenant = 'gone'")).isEmpty();
        assertThat(registry.sql("SELECT id FROM registry.endpoints WHERE id = ?", kept)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected());
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.deleted", first).size() == 1
                && registry.events("endpoint.deleted", second.path("id").asText()).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> revoked(keyId).size() == 1);
        assertThat(revoked(keyId).get(0).data().path("cause").asText()).isEqualTo("tenant-deleted");
        assertProblem(http.get("/api/v1/tenants/gone/endpoints"), 404, "tenant-not-found");
        assertThat(auth(second.path("id").asText(), second.path("secret").asText())).isEqualTo("deny");
    }

    @Test
    @DisplayName("a tenant.deleted event queued while the registry was down purges the tenant too")
    void deletedEventAloneAlsoPurges() {
        registry.tenant("evented", "active");
        String id = create("evented", "a").path("id").asText();
        try (MqttTestClient tenancy = registry.service()) {
            tenancy.publish("fleet/v1/evented/events/tenant.deleted",
                    RegistryHarness.tenantEvent("tenant.deleted", "evented", "disabled"), false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.tenantStatus("evented") == null);
        assertThat(registry.sql("SELECT id FROM registry.endpoints WHERE id = ?", id)).isEmpty();
    }

    @Test
    @DisplayName("a tenant.deleted older than the tenant's snapshot (the tenant was created again) keeps the tenant")
    void staleDeletedEventKeepsARecreatedTenant() {
        String oldDelete = RegistryHarness.tenantEvent("tenant.deleted", "phoenix", "disabled");
        registry.tenant("phoenix", "active");
        String id = create("phoenix", "a").path("id").asText();
        try (MqttTestClient tenancy = registry.service()) {
            tenancy.publish("fleet/v1/phoenix/events/tenant.deleted", oldDelete, false);
            // a later change of another tenant, applied after the event: the event has been handled
            tenancy.publish("fleet/v1/marker/tenant", "{\"tenant\":\"marker\",\"displayName\":\"M\",\"status\":\"active\","
                    + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2030-01-01T00:00:00Z\"}", true);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "active".equals(registry.tenantStatus("marker")));
        assertThat(registry.tenantStatus("phoenix")).isEqualTo("active");
        assertThat(registry.sql("SELECT id FROM registry.endpoints WHERE id = ?", id)).hasSize(1);
    }

    @Test
    @DisplayName("malformed snapshots and events are dead-lettered and change nothing")
    void badTenantMessagesAreDeadLettered() {
        registry.tenant("solid", "active");
        int before = registry.deadLetters().size();
        try (MqttTestClient tenancy = registry.service()) {
            tenancy.publish("fleet/v1/solid/tenant", "{\"tenant\":\"other\",\"displayName\":\"X\",\"status\":\"disabled\","
                    + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2030-01-01T00:00:00Z\"}", false);
            tenancy.publish("fleet/v1/solid/tenant", "not json", false);
            tenancy.publish("fleet/v1/solid/tenant", "{\"tenant\":\"solid\",\"status\":\"gone\"}", false);
            tenancy.publish("fleet/v1/solid/events/tenant.deleted", "{\"data\":{}}", false);
            tenancy.publish("fleet/v1/solid/events/tenant.deleted",
                    RegistryHarness.tenantEvent("tenant.deleted", "other", "disabled"), false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.deadLetters().size() == before + 5);
        assertThat(registry.tenantStatus("solid")).isEqualTo("active");
        assertThat(registry.deadLetters().subList(before, before + 5)).extracting(d -> d.path("reason").asText())
                .anySatisfy(reason -> assertThat(reason).startsWith("tenant-mismatch"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid-json"))
                .anySatisfy(reason -> assertThat(reason).startsWith("schema"))
                .anySatisfy(reason -> assertThat(reason).startsWith("invalid-event"));
    }

    private static JsonNode create(String tenant, String name) {
        Http.Response response = http.post("/api/v1/tenants/" + tenant + "/endpoints", "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode createKey(String tenant, String name) {
        Http.Response response = http.post("/api/v1/tenants/" + tenant + "/integration-keys", "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    private static String auth(String username, String password) {
        return http.post("/internal/v1/mqtt/auth", "{\"clientId\":\"" + username + "\",\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}").json().path("result").asText();
    }

    private static long endpointRows(String tenant) {
        return registry.sql("SELECT id FROM registry.endpoints WHERE tenant = ?", tenant).size();
    }

    private static List<EventEnvelope> revoked(String keyId) {
        return registry.events("integration-key.revoked", keyId);
    }
}

package io.edgefleet.registry.integration;

import static io.edgefleet.registry.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.schemas.JsonSchemas;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Integration keys end to end: the REST API, the auth API, and the real broker asking this registry about a key and
 * applying its read-only rules to what a real agent publishes.
 */
class IntegrationKeyIT {

    static final String KEYS = "/api/v1/tenants/default/integration-keys";
    static RegistryHarness registry;
    static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        registry.tenant("acme", "active");
        http = registry.http();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("create answers 201 with the secret once (stored as SHA-256 only) and emits integration-key.created")
    void createShowsTheSecretOnceAndStoresOnlyItsHash() {
        String expiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS).toString();
        Http.Response created = http.post(KEYS, "{\"name\":\"MES line 3\",\"expiresAt\":\"" + expiresAt + "\"}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(JsonSchemas.load().validate("rest/integration-key-created", body)).isEmpty();
        String id = body.path("id").asText();
        String secret = body.path("secret").asText();
        assertThat(body.path("username").asText()).isEqualTo("int:" + id);
        assertThat(body.path("createdBy").asText()).isEqualTo("user:test");
        assertThat(Instant.parse(body.path("expiresAt").asText())).isEqualTo(Instant.parse(expiresAt));
        assertThat(created.header("Location")).isEqualTo(KEYS + "/" + id);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");

        Map<String, Object> row = registry.sql("SELECT * FROM registry.integration_keys WHERE id = ?", id).get(0);
        assertThat(row.get("secret_sha256")).isEqualTo(Credentials.sha256Hex(secret));
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(secret));

        JsonNode one = http.get(KEYS + "/" + id).json();
        assertThat(one.has("secret")).isFalse();
        assertThat(JsonSchemas.load().validate("rest/integration-key", one)).isEmpty();
        JsonNode list = http.get(KEYS).json();
        assertThat(JsonSchemas.load().validate("rest/integration-key-list", list)).isEmpty();
        assertThat(list.toString()).contains(id).doesNotContain(secret);

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("integration-key.created", id).size() == 1);
        assertThat(registry.events("integration-key.created", id).get(0).toJson()).doesNotContain(secret);
    }

    @Test
    @DisplayName("through the real broker: the key reads its tenant's telemetry that a real agent publishes")
    void keyReadsItsTenantsTelemetry() {
        JsonNode key = createKey("default", "historian");
        JsonNode endpoint = registry.createEndpoint("telemetry-source", null);
        String endpointId = endpoint.path("id").asText();
        try (MqttTestClient reader = registry.integrationKey(key.path("id").asText(), key.path("secret").asText());
             MqttTestClient agent = registry.agent(endpointId, endpoint.path("secret").asText(), null)) {
            reader.subscribe("edge/v1/default/+/heartbeat");
            reader.subscribe("edge/v1/default/+/metrics");
            reader.subscribe("fleet/v1/default/events/#");

            agent.publish("edge/v1/default/" + endpointId + "/heartbeat",
                    "{\"seq\":1,\"at\":\"" + Instant.now() + "\",\"intervalSeconds\":30}", false);
            agent.publish("edge/v1/default/" + endpointId + "/metrics", "{\"cpu\":0.5}", false);

            await().atMost(Duration.ofSeconds(5)).until(() -> reader.received(r -> r.topic().contains(endpointId)).size() == 2);
            // the endpoint's first heartbeat brings it online; the key sees the registry's event too
            await().atMost(Duration.ofSeconds(5)).until(() -> !reader.received(r -> r.topic().equals(
                    "fleet/v1/default/events/endpoint.online") && r.payload().contains(endpointId)).isEmpty());
        }
    }

    @Test
    @DisplayName("through the real broker: the key is refused on other tenants' topics and on every command and desired topic")
    void keyIsRefusedOutsideItsTenantsTelemetry() {
        JsonNode key = createKey("default", "scada");
        JsonNode acme = http.post("/api/v1/tenants/acme/endpoints", "{\"name\":\"acme-1\"}").json();
        String acmeId = acme.path("id").asText();
        String ownId = registry.createEndpoint("own-1", null).path("id").asText();
        try (MqttTestClient reader = registry.integrationKey(key.path("id").asText(), key.path("secret").asText());
             MqttTestClient acmeAgent = registry.agent("acme", acmeId, acme.path("secret").asText(), null)) {
            for (String filter : List.of("edge/v1/acme/+/heartbeat", "edge/v1/acme/" + acmeId + "/state",
                    "fleet/v1/acme/events/#", "edge/v1/+/+/heartbeat", "edge/v1/default/+/desired",
                    "edge/v1/default/" + ownId + "/desired", "edge/v1/default/+/commands", "edge/v1/default/" + ownId + "/commands",
                    "edge/v1/default/+/replies", "edge/v1/default/#", "fleet/v1/default/tenant", "#")) {
                assertThatThrownBy(() -> reader.subscribe(filter)).as(filter).isInstanceOf(Mqtt5SubAckException.class);
            }
            acmeAgent.publish("edge/v1/acme/" + acmeId + "/heartbeat", "{\"seq\":1,\"at\":\"" + Instant.now()
                    + "\",\"intervalSeconds\":30}", false);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reader.received().isEmpty());
            assertThat(reader.isConnected()).isTrue();

            assertThatThrownBy(() -> reader.publish("edge/v1/default/" + ownId + "/commands", "{}", false))
                    .isInstanceOf(Mqtt5PubAckException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !reader.isConnected());
        }
    }

    @Test
    @DisplayName("revoking the key ends its live session at once and its secret no longer connects")
    void revokeDisconnectsAndRefuses() {
        JsonNode key = createKey("default", "to-revoke");
        String id = key.path("id").asText();
        String secret = key.path("secret").asText();
        MqttTestClient reader = registry.integrationKey(id, secret);
        assertThat(reader.isConnected()).isTrue();

        long started = System.nanoTime();
        Http.Response revoked = http.delete(KEYS + "/" + id);

        assertThat(revoked.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> !reader.isConnected());
        System.out.println("revoke to disconnect: " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertThatThrownBy(() -> registry.integrationKey(id, secret)).isInstanceOf(Mqtt5ConnAckException.class);
        assertProblem(http.get(KEYS + "/" + id), 404, "not-found");
        assertProblem(http.delete(KEYS + "/" + id), 404, "not-found");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("integration-key.revoked", id).size() == 1);
        EventEnvelope event = registry.events("integration-key.revoked", id).get(0);
        assertThat(event.data().path("cause").asText()).isEqualTo("revoked");
    }

    @Test
    @DisplayName("the auth API names the key's tenant from its row and refuses an expired key")
    void authApiAnswersForKeys() {
        JsonNode key = createKey("acme", "expiring");
        String id = key.path("id").asText();
        Http.Response allowed = auth("int:" + id, "int:" + id, key.path("secret").asText());
        assertThat(JsonSchemas.load().validate("rest/mqtt-auth-response", allowed.json())).isEmpty();
        assertThat(allowed.json().toString()).isEqualTo("{\"result\":\"allow\",\"is_superuser\":false,"
                + "\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\",\"key\":\"" + id + "\"}}");
        assertThat(auth("other", "int:" + id, key.path("secret").asText()).json().path("result").asText()).isEqualTo("deny");
        assertThat(auth("int:" + id, "int:" + id, "wrong").json().path("result").asText()).isEqualTo("deny");
        assertThat(auth("int:x' OR '1'='1", "int:x' OR '1'='1", "x").json().path("result").asText()).isEqualTo("deny");

        registry.sql("UPDATE registry.integration_keys SET expires_at = now() - interval '1 second' WHERE id = ? RETURNING id", id);

        assertThat(auth("int:" + id, "int:" + id, key.path("secret").asText()).json().path("result").asText()).isEqualTo("deny");
    }

    @Test
    @DisplayName("bad input is a clean 4xx and stores nothing")
    void badInputIsRefusedAndStoresNothing() {
        String taken = createKey("default", "Taken Name").path("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("integration-key.created", taken).size() == 1);
        int rowsBefore = registry.sql("SELECT id FROM registry.integration_keys").size();
        long eventsBefore = keyEvents();

        assertProblem(http.post(KEYS, "{\"name\":\"taken name\"}"), 409, "name-taken");
        for (String name : List.of("", " leading-space", "x'; DROP TABLE registry.integration_keys; --",
                "{\\\"$gt\\\":\\\"\\\"}", "a\\u0000b", "<script>alert(1)</script>", "x".repeat(101), "line\\nbreak")) {
            assertProblem(http.post(KEYS, "{\"name\":\"" + name + "\"}"), 422, "validation");
        }
        assertProblem(http.post(KEYS, "{\"name\":42}"), 422, "validation");
        assertProblem(http.post(KEYS, "{\"name\":\"ok\",\"tenant\":\"acme\"}"), 422, "validation");
        assertProblem(http.post(KEYS, "{\"name\":\"ok\",\"expiresAt\":\"" + Instant.now().minusSeconds(60) + "\"}"), 422,
                "validation");
        assertProblem(http.post(KEYS, "{\"name\":\"ok\",\"expiresAt\":\"tomorrow\"}"), 422, "validation");
        assertProblem(http.post(KEYS, "{\"name\":"), 400, "malformed-json");
        assertProblem(http.post(KEYS, "[]"), 400, "malformed-json");
        assertProblem(http.post(KEYS, "{\"name\":\"" + "x".repeat(70_000) + "\"}"), 413, "payload-too-large");
        assertProblem(http.get(KEYS + "?name=x"), 400, "invalid-query");
        assertProblem(http.get(KEYS + "/not-a-key"), 404, "not-found");
        assertProblem(http.get(KEYS + "/ik-aaaaaaaaaaaa"), 404, "not-found");
        assertProblem(http.get("/api/v1/tenants/nowhere/integration-keys"), 404, "tenant-not-found");
        assertProblem(http.withTenants("acme").get(KEYS), 404, "tenant-not-found");
        assertProblem(registry.anonymousHttp().get(KEYS), 401, "unauthorized");

        assertThat(registry.sql("SELECT id FROM registry.integration_keys")).hasSize(rowsBefore);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> keyEvents() == eventsBefore);
    }

    @Test
    @DisplayName("another tenant's key is 404 for every operation, and deleting it through this tenant leaves it")
    void anotherTenantsKeyLooksAbsent() {
        String acmeKey = createKey("acme", "acme-mes").path("id").asText();
        assertProblem(http.get(KEYS + "/" + acmeKey), 404, "not-found");
        assertProblem(http.delete(KEYS + "/" + acmeKey), 404, "not-found");
        assertThat(http.get("/api/v1/tenants/acme/integration-keys/" + acmeKey).status()).isEqualTo(200);
        assertThat(http.get(KEYS).json().toString()).doesNotContain(acmeKey);
    }

    private static JsonNode createKey(String tenant, String name) {
        Http.Response response = http.post("/api/v1/tenants/" + tenant + "/integration-keys", "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    private static long keyEvents() {
        return registry.events().stream().filter(e -> e.shortType().startsWith("integration-key.")).count();
    }

    private static Http.Response auth(String clientId, String username, String password) {
        return http.post("/internal/v1/mqtt/auth", "{\"clientId\":\"" + clientId + "\",\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}");
    }
}

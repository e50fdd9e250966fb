package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The retained endpoint snapshots on fleet/v1/{t}/endpoints/{e}, read from the real broker. */
class EndpointSnapshotIT {

    static RegistryHarness registry;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("create retains a schema-valid snapshot, an update replaces it, a delete clears it")
    void snapshotFollowsCreateUpdateDelete() {
        JsonNode created = registry.createEndpoint("snap-press", "{\"site\":\"qingdao\"}");
        String id = created.path("id").asText();
        String topic = "fleet/v1/default/endpoints/" + id;

        JsonNode first = retained(topic);
        assertThat(first.path("endpointId").asText()).isEqualTo(id);
        assertThat(first.path("tenant").asText()).isEqualTo("default");
        assertThat(first.path("name").asText()).isEqualTo("snap-press");
        assertThat(first.path("labels")).isEqualTo(Json.parse("{\"site\":\"qingdao\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(first.path("updatedAt").asText()).isEqualTo(created.path("updatedAt").asText());

        try (MqttTestClient live = registry.service()) {
            live.subscribe(topic);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.received().size() == 1);
            Http.Response patched = registry.http().patch("/api/v1/tenants/default/endpoints/" + id,
                    "{\"labels\":{\"site\":\"qingdao\",\"line\":\"4\"}}");
            assertThat(patched.status()).as(patched.text()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.received().size() == 2);
            JsonNode second = retained(topic);
            assertThat(second.path("labels").path("line").asText()).isEqualTo("4");
            assertThat(Instant.parse(second.path("updatedAt").asText()))
                    .isAfter(Instant.parse(first.path("updatedAt").asText()))
                    .isEqualTo(Instant.parse(patched.json().path("updatedAt").asText()));

            assertThat(registry.http().delete("/api/v1/tenants/default/endpoints/" + id).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.received().stream().anyMatch(m -> m.payload().isEmpty()));
            assertThat(live.received().get(live.received().size() - 1).payload()).isEmpty();
        }
        assertThat(retainedPayloads(topic)).isEmpty();
    }

    @Test
    @DisplayName("a restart re-publishes every endpoint's snapshot, also one the broker no longer retains")
    void restartPublishesEverySnapshot() {
        String id = registry.createEndpoint("snap-restart", "{\"zone\":\"a\"}").path("id").asText();
        String topic = "fleet/v1/default/endpoints/" + id;
        JsonNode before = retained(topic);
        try (MqttTestClient wiper = registry.service()) {
            wiper.publish(topic, new byte[0], true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> retainedPayloads(topic).isEmpty());

        registry.stopRegistry();
        registry.deploy();

        assertThat(retained(topic)).isEqualTo(before);
    }

    @Test
    @DisplayName("purging a deleted tenant clears the snapshots of all its endpoints")
    void tenantPurgeClearsSnapshots() {
        registry.tenant("snapco", "active");
        Http.Response created = registry.http().post("/api/v1/tenants/snapco/endpoints", "{\"name\":\"doomed\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String topic = "fleet/v1/snapco/endpoints/" + created.json().path("id").asText();
        assertThat(retained(topic).path("tenant").asText()).isEqualTo("snapco");

        registry.deleteTenant("snapco");

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.tenantStatus("snapco") == null);
        await().atMost(Duration.ofSeconds(5)).until(() -> retainedPayloads(topic).isEmpty());
    }

    /** The retained snapshot on the topic as a new subscriber gets it, checked against endpoint-state. */
    private static JsonNode retained(String topic) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !retainedPayloads(topic).isEmpty());
        List<String> payloads = retainedPayloads(topic);
        JsonNode snapshot = Json.parse(payloads.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(JsonSchemas.load().validate("endpoint-state", snapshot)).as(payloads.get(0)).isEmpty();
        return snapshot;
    }

    /** What a fresh subscriber receives on the topic within a moment: the retained message, if any. */
    private static List<String> retainedPayloads(String topic) {
        try (MqttTestClient fresh = registry.service()) {
            fresh.subscribe(topic);
            sleep(400);
            return fresh.received().stream()
                    .filter(MqttTestClient.Received::retained)
                    .map(MqttTestClient.Received::payload)
                    .filter(payload -> !payload.isEmpty())
                    .toList();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.edgefleet.tenancy.tenant;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The retained tenant snapshots on {@code fleet/v1/{tenant}/tenant}: a subscriber that arrives at any time learns
 * every current tenant and its status at once, the migration's {@code default} included, and a deleted tenant is
 * absent. Every snapshot and every {@code tenant.*} event matches its schema.
 */
class TenantSnapshotIT {

    static TenancyHarness tenancy;
    static Http http;
    static Vertx vertx;

    @BeforeAll
    static void start() {
        tenancy = TenancyHarness.start();
        http = tenancy.http();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        result(vertx.close());
        tenancy.close();
    }

    @Test
    @DisplayName("a fresh subscriber to fleet/v1/+/tenant sees default, new tenants, a disabled status, and no deleted tenant")
    void freshSubscriberLearnsEveryCurrentTenant() {
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"north\",\"displayName\":\"North plant\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"south\",\"displayName\":\"South plant\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"east\",\"displayName\":\"East plant\"}").status()).isEqualTo(201);
        assertThat(http.patch("/api/v1/tenants/south", "{\"status\":\"disabled\",\"displayName\":\"South (closed)\"}")
                .status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/tenants/east").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> tenancy.eventTypes("east").contains("tenant.deleted"));

        Map<String, JsonNode> snapshots = snapshotsSeenByANewSubscriber();

        assertThat(snapshots).containsKeys("default", "north", "south").doesNotContainKeys("east", "west");
        assertThat(snapshots.get("default").path("status").asText()).isEqualTo("active");
        assertThat(snapshots.get("north").path("displayName").asText()).isEqualTo("North plant");
        assertThat(snapshots.get("south").path("status").asText()).isEqualTo("disabled");
        assertThat(snapshots.get("south").path("displayName").asText()).isEqualTo("South (closed)");
        snapshots.values().forEach(snapshot ->
                assertThat(JsonSchemas.load().validate("tenant-state", snapshot)).as(snapshot.toString()).isEmpty());
    }

    @Test
    @DisplayName("every tenant.* event carries data that matches events/<type>.schema.json")
    void tenantEventsMatchTheirSchemas() {
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"west\",\"displayName\":\"West plant\"}").status()).isEqualTo(201);
        http.patch("/api/v1/tenants/west", "{\"displayName\":\"West plant 2\"}");
        http.patch("/api/v1/tenants/west", "{\"status\":\"disabled\"}");
        http.patch("/api/v1/tenants/west", "{\"status\":\"active\"}");
        assertThat(http.delete("/api/v1/tenants/west").status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> tenancy.eventTypes("west").size() == 6);
        assertThat(tenancy.eventTypes("west")).containsExactly("tenant.created", "tenant.updated", "tenant.disabled",
                "tenant.enabled", "tenant.disabled", "tenant.deleted");
        List<EventEnvelope> events = tenancy.events().stream().filter(e -> e.shortType().startsWith("tenant.")).toList();
        assertThat(events).isNotEmpty();
        events.forEach(event -> {
            assertThat(JsonSchemas.load().validate("cloudevent", Json.parse(event.toBuffer()))).isEmpty();
            assertThat(JsonSchemas.load().validate("events/" + event.shortType(), event.data()))
                    .as("%s %s", event.shortType(), event.data()).isEmpty();
        });
    }

    @Test
    @DisplayName("a restarted service publishes every tenant's snapshot again (a broker that lost its retained store)")
    void startPublishesEverySnapshot() {
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"again\",\"displayName\":\"Again\"}").status()).isEqualTo(201);
        // wipe the retained snapshots as a broker without its data would have none
        MqttEventClient wiper = MqttEventClient.create(vertx, tenancy.broker().mqttConfig("observer"));
        result(wiper.start());
        for (String tenant : List.of("default", "again")) {
            result(wiper.publish("fleet/v1/" + tenant + "/tenant", Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, true));
        }
        result(wiper.close());
        assertThat(snapshotsSeenByANewSubscriber()).doesNotContainKeys("default", "again");

        var second = result(tenancy.deployAnother(Map.of()));
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(snapshotsSeenByANewSubscriber()).containsKeys("default", "again"));
        } finally {
            result(second.close());
        }
    }

    /** Subscribes with a new client and collects the retained snapshots it is handed. */
    private static Map<String, JsonNode> snapshotsSeenByANewSubscriber() {
        Map<String, JsonNode> snapshots = new ConcurrentHashMap<>();
        MqttEventClient subscriber = MqttEventClient.create(vertx, tenancy.broker().mqttConfig("observer"));
        try {
            result(subscriber.subscribe("fleet/v1/+/tenant", MqttQoS.AT_LEAST_ONCE, (InboundMessage message) -> {
                if (message.payload().length() > 0) {
                    JsonNode snapshot = Json.parse(message.payload());
                    snapshots.put(snapshot.path("tenant").asText(), snapshot);
                    assertThat(message.topic()).isEqualTo("fleet/v1/" + snapshot.path("tenant").asText() + "/tenant");
                }
            }));
            result(subscriber.start());
            // retained messages follow the SUBACK with no end marker: done once no new one came for a poll interval
            AtomicInteger seen = new AtomicInteger(-1);
            await().pollDelay(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> seen.getAndSet(snapshots.size()) == snapshots.size());
            return Map.copyOf(snapshots);
        } finally {
            result(subscriber.close());
        }
    }
}

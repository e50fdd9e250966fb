package io.edgefleet.telemetry.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.telemetry.notify.WebhookSignature;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import io.edgefleet.telemetry.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventSubscriptionsIT {

    private static TelemetryHarness telemetry;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start(Map.of("EDGEFLEET_WEBHOOK_POLL_MILLIS", "100",
                "EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", "20", "EDGEFLEET_WEBHOOK_TIMEOUT_MILLIS", "2000"));
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    private static EventEnvelope publish(String tenant, String type) {
        EventEnvelope event = EventEnvelope.create("registry", type, tenant, "ep-aaaaaaaaaaaa", Map.of("n", 1));
        telemetry.publish(event.topic(), event.toJson(), false);
        return event;
    }

    private static JsonNode create(Http http, String tenant, String body) {
        Http.Response created = http.post("/api/v1/tenants/" + tenant + "/event-subscriptions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    @Test
    void matchingEventsOfItsTenantAreDeliveredOnceAsSignedCloudEvents() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(204)) {
            Http http = telemetry.http("hooked");
            JsonNode subscription = create(http, "hooked", "{\"url\":\"" + receiver.url()
                    + "\",\"types\":[\"endpoint.\"],\"description\":\"dashboard\"}");
            String secret = subscription.path("secret").asText();
            assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

            EventEnvelope wanted = publish("hooked", "endpoint.online");
            telemetry.publish(wanted.topic(), wanted.toJson(), false);
            publish("hooked", "app.updated");
            publish("stranger", "endpoint.online");
            EventEnvelope last = publish("hooked", "endpoint.offline");

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.requests()).extracting(r -> Json.parse(r.body().getBytes(StandardCharsets.UTF_8))
                    .path("id").asText()).containsExactly(wanted.id(), last.id());
            for (WebhookReceiver.Request request : receiver.requests()) {
                long timestamp = Long.parseLong(request.headers().get("x-edgefleet-timestamp"));
                assertThat(WebhookSignature.verify(secret, timestamp, request.body(),
                        request.headers().get("x-edgefleet-signature"))).isTrue();
                assertThat(WebhookSignature.verify("wrong", timestamp, request.body(),
                        request.headers().get("x-edgefleet-signature"))).isFalse();
                assertThat(Json.parse(request.body().getBytes(StandardCharsets.UTF_8)).path("tenant").asText())
                        .isEqualTo("hooked");
            }
            String path = "/api/v1/tenants/hooked/event-subscriptions/" + subscription.path("id").asText();
            assertThat(http.get(path).json().has("secret")).isFalse();
            assertThat(http.get(path + "/deliveries?status=delivered").json().path("items")).hasSize(2);
            assertThat(telemetry.http("stranger").get("/api/v1/tenants/stranger/event-subscriptions").json()
                    .path("items")).isEmpty();
            assertThat(telemetry.http("stranger").get(path).status()).isEqualTo(404);

            assertThat(http.send("PATCH", path, "{\"enabled\":false}").json().path("enabled").asBoolean()).isFalse();
            publish("hooked", "endpoint.online");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 2);
            assertThat(http.delete(path).status()).isEqualTo(204);
            assertThat(http.get(path).status()).isEqualTo(404);
        }
    }

    @Test
    void aReceiverThatKeepsFailingLeavesDeadDeliveriesVisibleAndRedeliverable() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500)) {
            Http http = telemetry.http("failing");
            JsonNode subscription = create(http, "failing", "{\"url\":\"" + receiver.url() + "\"}");
            String path = "/api/v1/tenants/failing/event-subscriptions/" + subscription.path("id").asText();
            EventEnvelope event = publish("failing", "app.created");

            await().atMost(Duration.ofSeconds(30)).until(() -> http.get(path + "/deliveries?status=dead").json()
                    .path("items").size() == 1);
            JsonNode dead = http.get(path + "/deliveries?status=dead").json().path("items").get(0);
            assertThat(dead.path("attempts").asInt()).isEqualTo(8);
            assertThat(dead.path("lastStatus").asInt()).isEqualTo(500);
            assertThat(receiver.requests()).hasSize(8).allSatisfy(request -> assertThat(request.body()).contains(event.id()));

            Http.Response again = http.post(path + "/deliveries/" + dead.path("id").asText() + "/redeliver", null);
            assertThat(again.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() > 8);
            assertThat(http.get(path + "/deliveries?status=sideways").status()).isEqualTo(400);
        }
    }

    @Test
    void invalidSubscriptionsAreRefusedNamingTheField() {
        Http http = telemetry.http("strict");
        Http.Response ftp = http.post("/api/v1/tenants/strict/event-subscriptions", "{\"url\":\"ftp://x.example/\"}");
        assertThat(ftp.status()).isEqualTo(422);
        assertThat(ftp.text()).contains("/url");
        Http.Response types = http.post("/api/v1/tenants/strict/event-subscriptions",
                "{\"url\":\"https://x.example/\",\"types\":[\"Endpoint.*\"]}");
        assertThat(types.status()).isEqualTo(422);
        assertThat(types.text()).contains("/types/0");
        assertThat(http.post("/api/v1/tenants/strict/event-subscriptions", "{\"url\":\"https://x.example/\",\"secret\":\"s\"}")
                .status()).isEqualTo(422);
        assertThat(http.post("/api/v1/tenants/strict/event-subscriptions", "{\"url\":\"https://x|y.example/\"}").text())
                .contains("/url");
        assertThat(http.send("PATCH", "/api/v1/tenants/strict/event-subscriptions/not-a-uuid", "{\"enabled\":true}")
                .status()).isEqualTo(404);
    }
}

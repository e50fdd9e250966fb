package io.edgefleet.telemetry.alert;

import static io.edgefleet.telemetry.alert.AlertFixtures.alerts;
import static io.edgefleet.telemetry.alert.AlertFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TelemetryHarness telemetry;
    private static AlertFixtures fixtures;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start(Map.of(AlertSettings.EVALUATION_MILLIS, "500"));
        fixtures = new AlertFixtures(telemetry);
        fixtures.samplePartitions();
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    @Test
    void aMemoryRuleGoesPendingThenFiresAfterItsForDurationThenResolvesWithEvents() {
        String endpoint = TelemetryHarness.newEndpointId();
        Http lifecycle = telemetry.http("lifecycle");
        fixtures.endpoint("lifecycle", endpoint, "{\"site\": \"qingdao\"}");
        Http.Response rule = lifecycle.post("/api/v1/tenants/lifecycle/alert-rules", """
                {"name": "HighMemory", "metric": "container_memory_usage_bytes", "scope": {"selector": "site=qingdao"},
                 "comparator": ">", "threshold": 100000000, "forSeconds": 2, "severity": "warning",
                 "labels": {"team": "line-3"}}""");
        assertThat(rule.status()).as(rule.text()).isEqualTo(201);
        String ruleId = rule.json().get("id").asText();

        fixtures.sample("lifecycle", endpoint, "container_memory_usage_bytes", "web", "web-httpd", 50_000_000);
        fixtures.sample("lifecycle", endpoint, "container_memory_usage_bytes", "db", null, 150_000_000);
        JsonNode pending = await("a pending alert", () -> alerts(lifecycle, "lifecycle", "pending"),
                list -> !list.isEmpty(), WAIT).get(0);
        assertThat(pending.get("labels").get("container").asText()).isEqualTo("db");
        assertThat(pending.get("labels").get("endpoint").asText()).isEqualTo(endpoint);
        assertThat(pending.get("labels").get("team").asText()).isEqualTo("line-3");
        assertThat(pending.get("labels").get("rule").asText()).isEqualTo(ruleId);
        assertThat(fixtures.events("alert.firing", "lifecycle")).isEmpty();

        JsonNode firing = await("the alert firing", () -> alerts(lifecycle, "lifecycle", "firing"),
                list -> !list.isEmpty(), WAIT).get(0);
        assertThat(firing.get("id").asText()).isEqualTo(pending.get("id").asText());
        OffsetDateTime activeSince = OffsetDateTime.parse(firing.get("activeSince").asText());
        OffsetDateTime firedAt = OffsetDateTime.parse(firing.get("firedAt").asText());
        assertThat(Duration.between(activeSince, firedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(firing.get("value").asDouble()).isEqualTo(150_000_000);
        List<JsonNode> fired = await("alert.firing", () -> fixtures.events("alert.firing", "lifecycle"), l -> !l.isEmpty(), WAIT);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("subject").asText()).isEqualTo(firing.get("id").asText());
        assertThat(fired.get(0).get("data").get("rule").get("name").asText()).isEqualTo("HighMemory");
        assertThat(alerts(lifecycle, "lifecycle", "pending")).isEmpty();

        fixtures.sample("lifecycle", endpoint, "container_memory_usage_bytes", "db", null, 60_000_000);
        JsonNode resolved = await("the alert resolved", () -> alerts(lifecycle, "lifecycle", "resolved"),
                list -> !list.isEmpty(), WAIT).get(0);
        assertThat(resolved.get("reason").asText()).isEqualTo("condition-cleared");
        List<JsonNode> ended = await("alert.resolved", () -> fixtures.events("alert.resolved", "lifecycle"), l -> !l.isEmpty(), WAIT);
        assertThat(ended.get(0).get("data").get("alertId").asText()).isEqualTo(firing.get("id").asText());
        assertThat(ended.get(0).get("data").get("reason").asText()).isEqualTo("condition-cleared");
        assertThat(alerts(lifecycle, "lifecycle", "firing")).isEmpty();
        assertThat(fixtures.events("alert.firing", "lifecycle")).hasSize(1);
        JsonNode one = lifecycle.get("/api/v1/tenants/lifecycle/alerts/" + firing.get("id").asText()).json();
        assertThat(one.get("state").asText()).isEqualTo("resolved");
        assertThat(telemetry.http("other").get("/api/v1/tenants/other/alerts/" + firing.get("id").asText()).status())
                .isEqualTo(404);
    }

    @Test
    void deletingTheEndpointResolvesItsAlertsAsSeriesGone() {
        String endpoint = TelemetryHarness.newEndpointId();
        Http gone = telemetry.http("gone");
        fixtures.endpoint("gone", endpoint, "{}");
        assertThat(gone.post("/api/v1/tenants/gone/alert-rules", """
                {"name": "Busy", "metric": "node_load1", "comparator": ">", "threshold": 2, "severity": "info"}""")
                .status()).isEqualTo(201);
        fixtures.sample("gone", endpoint, "node_load1", "", null, 5);
        await("firing", () -> alerts(gone, "gone", "firing"), list -> !list.isEmpty(), WAIT);

        telemetry.publish("fleet/v1/gone/endpoints/" + endpoint, "", true);
        JsonNode resolved = await("resolved", () -> alerts(gone, "gone", "resolved"), list -> !list.isEmpty(), WAIT).get(0);
        assertThat(resolved.get("reason").asText()).isEqualTo("series-gone");
    }

    @Test
    void theEndpointOfflineBuiltInFiresWhenPresenceGoesOfflineAndResolvesWhenItComesBack() {
        String endpoint = TelemetryHarness.newEndpointId();
        Http offline = telemetry.http("offline");
        fixtures.endpoint("offline", endpoint, "{}");
        assertThat(offline.put("/api/v1/tenants/offline/alert-rules/endpoint-offline", "{\"threshold\": 1}").status())
                .isEqualTo(200);
        fixtures.presence("offline", endpoint, "online");
        fixtures.presence("offline", endpoint, "offline");
        JsonNode firing = await("offline alert", () -> alerts(offline, "offline", "firing"), l -> !l.isEmpty(), WAIT).get(0);
        assertThat(firing.get("rule").get("id").asText()).isEqualTo("endpoint-offline");
        assertThat(firing.get("severity").asText()).isEqualTo("critical");
        assertThat(firing.get("labels").get("endpoint").asText()).isEqualTo(endpoint);

        fixtures.presence("offline", endpoint, "online");
        await("resolved", () -> alerts(offline, "offline", "resolved"), l -> !l.isEmpty(), WAIT);
    }
}

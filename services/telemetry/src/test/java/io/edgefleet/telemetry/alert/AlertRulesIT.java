package io.edgefleet.telemetry.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertRulesIT {

    private static final String RULES = "/api/v1/tenants/acme/alert-rules";
    private static TelemetryHarness telemetry;
    private static Http acme;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start();
        acme = telemetry.http("acme");
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    @Test
    void aRuleIsCreatedReadReplacedAndDeletedAndListedAfterTheBuiltIns() {
        Http crud = telemetry.http("crud");
        String rules = "/api/v1/tenants/crud/alert-rules";
        Http.Response created = crud.post(rules, """
                {"name": "HighMemory", "metric": "container_memory_usage_bytes",
                 "scope": {"selector": "site=qingdao", "app": "web-httpd"}, "comparator": ">", "threshold": 1e8,
                 "forSeconds": 30, "severity": "warning", "labels": {"team": "line-3"},
                 "annotations": {"summary": "web uses too much memory"}}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.headers().get("location")).containsExactly(rules + "/" + id);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();

        JsonNode list = crud.get(rules).json();
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(rule -> ids.add(rule.get("id").asText()));
        assertThat(ids).containsExactly("endpoint-offline", "container-restart-loop", "oom-killed", "disk-almost-full",
                "app-not-converged", id);

        Http.Response replaced = crud.put(rules + "/" + id, """
                {"name": "HighMemory", "metric": "container_memory_usage_bytes", "comparator": ">=", "threshold": 2e8,
                 "severity": "critical", "enabled": false}""");
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        JsonNode read = crud.get(rules + "/" + id).json();
        assertThat(read.get("comparator").asText()).isEqualTo(">=");
        assertThat(read.get("threshold").asDouble()).isEqualTo(2e8);
        assertThat(read.get("enabled").asBoolean()).isFalse();
        assertThat(read.get("scope").isEmpty()).isTrue();

        assertThat(telemetry.http("globex").get("/api/v1/tenants/globex/alert-rules/" + id).status()).isEqualTo(404);
        assertThat(crud.delete(rules + "/" + id).status()).isEqualTo(204);
        assertThat(crud.get(rules + "/" + id).status()).isEqualTo(404);
        assertThat(crud.delete(rules + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        assertThat(field(acme.post(RULES, """
                {"name": "T", "metric": "node_temperature", "comparator": ">", "threshold": 1, "severity": "info"}""")))
                .isEqualTo("/metric");
        assertThat(field(acme.post(RULES, """
                {"name": "T", "metric": "node_load1", "comparator": "=>", "threshold": 1, "severity": "info"}""")))
                .isEqualTo("/comparator");
        assertThat(field(acme.post(RULES, """
                {"name": "T", "metric": "node_load1", "comparator": ">", "threshold": 1, "severity": "info",
                 "scope": {"selector": "site in (a"}}"""))).isEqualTo("/scope/selector");
        assertThat(field(acme.post(RULES, """
                {"name": "T", "metric": "node_load1", "comparator": ">", "threshold": 1, "severity": "info",
                 "channels": ["0b6f2f4e-8d0a-4c8e-9a59-3f1f6f0c2a11"]}"""))).isEqualTo("/channels");
        assertThat(field(acme.post(RULES, """
                {"name": "T", "metric": "node_load1", "comparator": ">", "threshold": 1}"""))).isEqualTo("/severity");
        Http.Response malformed = acme.post(RULES, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("type").asText()).endsWith("malformed-json");

        String body = """
                {"name": "Dup", "metric": "node_load1", "comparator": ">", "threshold": 1, "severity": "info"}""";
        assertThat(acme.post(RULES, body).status()).isEqualTo(201);
        Http.Response again = acme.post(RULES, body.replace("Dup", "DUP"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(acme.post(RULES, body.replace("Dup", "endpointoffline")).status()).isEqualTo(409);
    }

    @Test
    void aBuiltInIsTunedAndRestoredButNotDeleted() {
        Http.Response tuned = acme.put(RULES + "/endpoint-offline", "{\"threshold\": 30, \"severity\": \"warning\"}");
        assertThat(tuned.status()).as(tuned.text()).isEqualTo(200);
        JsonNode read = acme.get(RULES + "/endpoint-offline").json();
        assertThat(read.get("threshold").asDouble()).isEqualTo(30);
        assertThat(read.get("severity").asText()).isEqualTo("warning");
        assertThat(read.get("builtin").asBoolean()).isTrue();
        assertThat(field(acme.put(RULES + "/endpoint-offline", "{\"metric\": \"node_load1\"}"))).isEqualTo("/metric");

        assertThat(acme.delete(RULES + "/endpoint-offline").status()).isEqualTo(204);
        JsonNode restored = acme.get(RULES + "/endpoint-offline").json();
        assertThat(restored.get("threshold").asDouble()).isEqualTo(120);
        assertThat(restored.get("severity").asText()).isEqualTo("critical");
    }

    @Test
    void aDeletedTenantsRulesSilencesAndChannelsAreForgotten() {
        Http gone = telemetry.http("doomed");
        assertThat(gone.post("/api/v1/tenants/doomed/alert-rules", """
                {"name": "Load", "metric": "node_load1", "comparator": ">", "threshold": 1, "severity": "info"}""")
                .status()).isEqualTo(201);
        assertThat(gone.post("/api/v1/tenants/doomed/notification-channels", """
                {"name": "ops", "kind": "alertmanager", "url": "http://127.0.0.1:9"}""").status()).isEqualTo(201);
        assertThat(gone.post("/api/v1/tenants/doomed/silences", """
                {"matchers": [{"name": "rule", "value": "x"}], "endsAt": "2099-01-01T00:00:00Z", "comment": "c"}""")
                .status()).isEqualTo(201);
        telemetry.publish("fleet/v1/doomed/events/tenant.deleted", EventEnvelope.create("tenancy", "tenant.deleted",
                "doomed", "doomed", Map.of("tenant", "doomed", "displayName", "Doomed", "status", "deleted")).toJson(),
                false);
        AlertFixtures.await("the tenant's alerting forgotten", () -> telemetry.sql(
                "SELECT (SELECT count(*) FROM telemetry.alert_rules WHERE tenant = 'doomed') "
                        + "+ (SELECT count(*) FROM telemetry.silences WHERE tenant = 'doomed') "
                        + "+ (SELECT count(*) FROM telemetry.notification_channels WHERE tenant = 'doomed') AS n")
                .get(0).get("n"), n -> ((Number) n).longValue() == 0, java.time.Duration.ofSeconds(10));
        assertThat(gone.get("/api/v1/tenants/doomed/alert-rules").json().get("items")).hasSize(5);
    }

    private static String field(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(422);
        return response.json().get("errors").get(0).get("field").asText();
    }
}

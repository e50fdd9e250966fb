package io.edgefleet.telemetry.alert;

import static io.edgefleet.telemetry.alert.AlertFixtures.alerts;
import static io.edgefleet.telemetry.alert.AlertFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltinRulesIT {

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
    void threeRestartsWithinTenMinutesAreARestartLoopAndAnOomKillIsReported() {
        String endpoint = TelemetryHarness.newEndpointId();
        Http loop = telemetry.http("loop");
        fixtures.endpoint("loop", endpoint, "{}");
        fixtures.sample("loop", endpoint, "container_restarts", "web", "web-httpd", 4);
        fixtures.sample("loop", endpoint, "container_restarts", "db", null, 10);
        fixtures.sample("loop", endpoint, "container_oom_killed", "db", null, 0);
        fixtures.sample("loop", endpoint, "container_restarts", "web", "web-httpd", 6);
        fixtures.sample("loop", endpoint, "container_restarts", "db", null, 10);
        fixtures.sample("loop", endpoint, "container_restarts", "web", "web-httpd", 7);
        fixtures.sample("loop", endpoint, "container_oom_killed", "db", null, 1);

        List<JsonNode> firing = await("restart loop and OOM", () -> alerts(loop, "loop", "firing"), l -> l.size() == 2, WAIT);
        JsonNode restart = firing.stream().filter(a -> a.get("rule").get("id").asText().equals("container-restart-loop"))
                .findFirst().orElseThrow();
        assertThat(restart.get("labels").get("container").asText()).isEqualTo("web");
        assertThat(restart.get("labels").get("app").asText()).isEqualTo("web-httpd");
        assertThat(restart.get("value").asDouble()).isEqualTo(3);
        JsonNode oom = firing.stream().filter(a -> a.get("rule").get("id").asText().equals("oom-killed"))
                .findFirst().orElseThrow();
        assertThat(oom.get("labels").get("container").asText()).isEqualTo("db");
    }

    @Test
    void anAppStuckOutsideRunningLongerThanTheThresholdIsNotConverged() {
        String endpoint = TelemetryHarness.newEndpointId();
        Http stuck = telemetry.http("stuck");
        fixtures.endpoint("stuck", endpoint, "{}");
        assertThat(stuck.put("/api/v1/tenants/stuck/alert-rules/app-not-converged", "{\"threshold\": 60}").status())
                .isEqualTo(200);
        fixtures.presence("stuck", endpoint, "online");
        telemetry.publish("edge/v1/stuck/" + endpoint + "/state", """
                {"observedGeneration": 1, "reportedAt": "%s", "facts": {"hostname": "ipc", "os": "Debian",
                 "arch": "amd64", "kernel": "6.1", "cpuCores": 2, "memoryBytes": 1000000, "diskTotalBytes": 1000000,
                 "diskFreeBytes": 1000, "dockerVersion": "20.10", "agentVersion": "0.1.0", "ipAddresses": [],
                 "timezone": "UTC"},
                 "apps": [{"name": "web", "phase": "Pulling", "since": "%s"},
                          {"name": "db", "phase": "Running", "since": "%s"},
                          {"name": "new", "phase": "Starting", "since": "%s"}]}"""
                .formatted(Instant.now(), Instant.now().minusSeconds(300), Instant.now().minusSeconds(300),
                        Instant.now()), true);
        JsonNode firing = await("app not converged", () -> alerts(stuck, "stuck", "firing"), l -> !l.isEmpty(), WAIT).get(0);
        assertThat(firing.get("labels").get("app").asText()).isEqualTo("web");
        assertThat(firing.get("value").asDouble()).isGreaterThanOrEqualTo(300);
        assertThat(alerts(stuck, "stuck", "firing")).hasSize(1);

        assertThat(stuck.put("/api/v1/tenants/stuck/alert-rules/app-not-converged", "{\"enabled\": false}").status())
                .isEqualTo(200);
        JsonNode resolved = await("resolved by disabling", () -> alerts(stuck, "stuck", "resolved"), l -> !l.isEmpty(),
                WAIT).get(0);
        assertThat(resolved.get("reason").asText()).isEqualTo("rule-removed");
    }
}

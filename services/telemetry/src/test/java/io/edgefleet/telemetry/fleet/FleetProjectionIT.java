package io.edgefleet.telemetry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetProjectionIT {

    private static TelemetryHarness telemetry;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start();
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    @Test
    void snapshotsPresenceAndStateReportsKeepTheProjectionAndADeletedSnapshotRemovesTheEndpoint() {
        String endpoint = TelemetryHarness.newEndpointId();
        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, snapshot("acme", endpoint, "{\"site\": \"qingdao\"}",
                "2026-01-01T00:00:02Z"), true);
        List<Map<String, Object>> row = await(() -> endpoint(endpoint), r -> !r.isEmpty());
        assertThat(row.get(0).get("labels").toString()).contains("qingdao");
        // an older snapshot arriving late does not undo the newer one
        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, snapshot("acme", endpoint, "{\"site\": \"old\"}",
                "2026-01-01T00:00:01Z"), true);
        telemetry.publish("edge/v1/acme/" + endpoint + "/presence",
                "{\"status\": \"online\", \"at\": \"" + Instant.now() + "\"}", true);
        await(() -> endpoint(endpoint), r -> Boolean.TRUE.equals(r.get(0).get("online")));
        assertThat(endpoint(endpoint).get(0).get("labels").toString()).contains("qingdao");

        telemetry.publish("edge/v1/acme/" + endpoint + "/presence", "{\"status\": \"offline\", \"reason\": \"connection-lost\"}", true);
        await(() -> endpoint(endpoint), r -> Boolean.FALSE.equals(r.get(0).get("online")));

        telemetry.publish("edge/v1/acme/" + endpoint + "/state", state("""
                [{"name": "web", "phase": "Running", "since": "2026-01-01T00:00:00Z"},
                 {"name": "db", "phase": "Pulling"}]"""), true);
        await(() -> apps(endpoint), r -> r.size() == 2);
        telemetry.publish("edge/v1/acme/" + endpoint + "/state", state("""
                [{"name": "web", "phase": "Failed", "message": "exited 1"}]"""), true);
        await(() -> apps(endpoint), r -> r.size() == 1 && "Failed".equals(r.get(0).get("phase")));

        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, "", true);
        await(() -> endpoint(endpoint), List::isEmpty);
        assertThat(apps(endpoint)).isEmpty();
    }

    @Test
    void badPayloadsAreDeadLetteredAndTheProjectionGoesOn() {
        String endpoint = TelemetryHarness.newEndpointId();
        telemetry.publish("edge/v1/acme/" + endpoint + "/presence", "{\"status\": \"sleeping\"}", true);
        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, "not json", true);
        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, snapshot("globex", endpoint, "{}", "2026-01-01T00:00:00Z"), true);
        List<JsonNode> letters = await(telemetry::deadLetters, l -> l.stream().filter(d -> d.toString().contains(endpoint))
                .count() >= 3);
        assertThat(letters.stream().filter(d -> d.toString().contains(endpoint)).map(d -> d.get("reason").asText()))
                .anySatisfy(r -> assertThat(r).startsWith("schema: /status"))
                .anySatisfy(r -> assertThat(r).startsWith("invalid-json"))
                .anySatisfy(r -> assertThat(r).startsWith("topic-mismatch"));

        telemetry.publish("fleet/v1/acme/endpoints/" + endpoint, snapshot("acme", endpoint, "{}", "2026-01-01T00:00:00Z"), true);
        await(() -> endpoint(endpoint), r -> !r.isEmpty());
    }

    private static String snapshot(String tenant, String endpoint, String labels, String updatedAt) {
        return """
                {"endpointId": "%s", "tenant": "%s", "name": "m-%s", "labels": %s, "updatedAt": "%s"}"""
                .formatted(endpoint, tenant, endpoint.substring(3), labels, updatedAt);
    }

    private static String state(String apps) {
        return """
                {"observedGeneration": 1, "reportedAt": "%s", "facts": {"hostname": "ipc", "os": "Debian", "arch": "amd64",
                 "kernel": "6.1", "cpuCores": 2, "memoryBytes": 1000000, "diskTotalBytes": 1000000, "diskFreeBytes": 1000,
                 "dockerVersion": "20.10", "agentVersion": "0.1.0", "ipAddresses": [], "timezone": "UTC"}, "apps": %s}"""
                .formatted(Instant.now(), apps);
    }

    private static List<Map<String, Object>> endpoint(String endpoint) {
        return telemetry.sql("SELECT labels::text AS labels, online, online_since FROM telemetry.endpoints WHERE endpoint = ?",
                endpoint);
    }

    private static List<Map<String, Object>> apps(String endpoint) {
        return telemetry.sql("SELECT app, phase FROM telemetry.endpoint_apps WHERE endpoint = ? ORDER BY app", endpoint);
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; last seen: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = probe.get();
        }
        return value;
    }
}

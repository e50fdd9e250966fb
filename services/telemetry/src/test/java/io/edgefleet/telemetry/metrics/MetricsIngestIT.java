package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsIngestIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aBatchPublishedTwiceIsStoredOnceWithItsStreamsDropCounters() {
        try (TelemetryHarness telemetry = TelemetryHarness.start()) {
            String endpoint = TelemetryHarness.newEndpointId();
            String stream = Batches.newStream();
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String batch = Batches.batch(stream, 7, at).dropped(2, 40)
                    .node("node_cpu_percent", 12.5)
                    .device("node_disk_used_bytes", "/", 1000)
                    .container("container_memory_usage_bytes", "web-1", "web", 52_428_800)
                    .json();

            telemetry.publish(Batches.topic("acme", endpoint), batch, false);
            telemetry.publish(Batches.topic("acme", endpoint), batch, false);

            await().atMost(WAIT).until(() -> Scrape.value(telemetry, "edgefleet_telemetry_ingest_batches_total",
                    "result=\"duplicate\"") == 1);
            assertThat(telemetry.sql("SELECT count(*) AS n FROM telemetry.metric_batches").get(0).get("n")).isEqualTo(1L);
            List<Map<String, Object>> rows = telemetry.sql("""
                    SELECT tenant, endpoint, metric, container, device, app, value FROM telemetry.samples
                    ORDER BY metric""");
            assertThat(rows).extracting(r -> r.get("metric") + "|" + r.get("container") + "|" + r.get("device") + "|"
                    + r.get("app") + "|" + r.get("value")).containsExactly(
                    "container_memory_usage_bytes|web-1||web|5.24288E7",
                    "node_cpu_percent|||null|12.5",
                    "node_disk_used_bytes||/|null|1000.0");
            assertThat(rows).allSatisfy(r -> assertThat(r.get("tenant") + "/" + r.get("endpoint"))
                    .isEqualTo("acme/" + endpoint));
            Map<String, Object> streamRow = telemetry.sql("SELECT * FROM telemetry.metric_streams").get(0);
            assertThat(streamRow).containsEntry("dropped_batches", 2L).containsEntry("dropped_samples", 40L)
                    .containsEntry("last_seq", 7L);
            assertThat(Scrape.value(telemetry, "edgefleet_telemetry_ingest_samples_total")).isEqualTo(3);
        }
    }

    @Test
    void badBatchesAreRejectedAndCountedByReasonWhileGoodOnesKeepFlowingUnchanged() {
        try (TelemetryHarness telemetry = TelemetryHarness.start()) {
            String endpoint = TelemetryHarness.newEndpointId();
            String topic = Batches.topic("acme", endpoint);
            String stream = Batches.newStream();
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            telemetry.publish(topic, Batches.batch(stream, 1, at).node("node_cpu_percent", 10).json(), false);

            telemetry.publish(topic, "{\"stream\": \"" + stream + "\", \"seq\": 2, ", false);
            telemetry.publish(topic, Batches.batch(stream, 1, at).node("node_cpu_percent", 99).json()
                    .replace("99.0", "\"NaN\""), false);
            telemetry.publish(topic, Batches.batch(stream, 1, at).node("node_cpu_percent", -1).json(), false);
            telemetry.publish(topic, Batches.batch(stream, 1, at).node("node_cpu_percent", 1e19).json(), false);
            telemetry.publish(topic, Batches.batch(stream, 1, at).node("node_cpu_percent", 5).json()
                    .replace("node_cpu_percent", "node_bogus_metric"), false);
            telemetry.publish(topic, tenMegabytes(stream), false);
            telemetry.publish(Batches.topic("Not_A_Tenant", endpoint),
                    Batches.batch(stream, 3, at).node("node_cpu_percent", 1).json(), false);
            telemetry.publish(topic, Batches.batch(stream, 4, at.minus(Duration.ofDays(30)))
                    .node("node_cpu_percent", 1).json(), false);

            telemetry.publish(topic, Batches.batch(stream, 5, at.plusSeconds(15)).node("node_cpu_percent", 20).json(),
                    false);

            await().atMost(WAIT).until(() -> telemetry.sql("SELECT count(*) AS n FROM telemetry.samples")
                    .get(0).get("n").equals(2L));
            assertThat(telemetry.sql("SELECT value FROM telemetry.samples ORDER BY ts"))
                    .extracting(r -> r.get("value")).containsExactly(10.0, 20.0);
            assertThat(telemetry.sql("SELECT seq FROM telemetry.metric_batches ORDER BY seq"))
                    .extracting(r -> r.get("seq")).containsExactly(1L, 5L);
            String rejected = "edgefleet_telemetry_ingest_rejected_total";
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(Scrape.value(telemetry, rejected, "reason=\"invalid-json\"")).isEqualTo(1);
                assertThat(Scrape.value(telemetry, rejected, "reason=\"schema\"")).isEqualTo(4);
                assertThat(Scrape.value(telemetry, rejected, "reason=\"too-large\"")).isEqualTo(1);
                assertThat(Scrape.value(telemetry, rejected, "reason=\"topic\"")).isEqualTo(1);
                assertThat(Scrape.value(telemetry, rejected, "reason=\"expired\"")).isEqualTo(1);
                assertThat(telemetry.deadLetters()).hasSize(8);
            });
            assertThat(telemetry.deadLetters()).extracting(d -> d.get("reason").asText().split(":")[0])
                    .containsExactlyInAnyOrder("invalid-json", "schema", "schema", "schema", "schema", "too-large",
                            "topic", "expired");
        }
    }

    private static String tenMegabytes(String stream) {
        StringBuilder json = new StringBuilder(10 * 1024 * 1024 + 200)
                .append("{\"stream\":\"").append(stream).append("\",\"seq\":6,\"at\":\"").append(Instant.now())
                .append("\",\"intervalSeconds\":15,\"samples\":[");
        String sample = "{\"metric\":\"node_cpu_percent\",\"value\":1},";
        while (json.length() < 10 * 1024 * 1024) {
            json.append(sample);
        }
        return json.append("{\"metric\":\"node_cpu_percent\",\"value\":1}]}").toString();
    }
}

package io.edgefleet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.logship.LogBatch;
import io.edgefleet.agent.logship.LogLine;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetricsPayloadSchemaTest {

    private static JsonNode tree(Object payload) throws Exception {
        return Json.mapper().readTree(Json.bytes(payload));
    }

    @Test
    void twoCollectionsOfThisMachinesProcGiveABatchThatPassesTheSchemaWithEveryNodeMetric() throws Exception {
        NodeCollector node = new NodeCollector(Path.of("/proc"));
        node.collect();
        List<Sample> samples = new ArrayList<>(node.collect());
        samples.add(Sample.container("container_memory_usage_bytes", "web", "web", 1234));
        samples.add(Sample.container("container_cpu_percent", "someone-elses", null, Double.NaN));
        MetricsBatch batch = new MetricsBatch(UUID.randomUUID().toString(), 42, Instant.now(), 15,
                new MetricsBatch.Dropped(1, 30), samples);

        JsonNode json = tree(batch);

        assertThat(JsonSchemas.load().validate("metrics", json)).isEmpty();
        List<String> metrics = new ArrayList<>();
        json.path("samples").forEach(sample -> metrics.add(sample.path("metric").asText()));
        assertThat(metrics).contains("node_cpu_percent", "node_load1", "node_load5", "node_load15",
                "node_memory_used_bytes", "node_memory_total_bytes", "node_disk_used_bytes", "node_disk_total_bytes");
        assertThat(json.path("samples").findValues("device")).isNotEmpty();
        assertThat(json.at("/samples").get(samples.size() - 1).has("app")).isFalse();
    }

    @Test
    void outOfRangeValuesAreClampedSoOneBadReadingCannotCostTheBatch() {
        assertThat(Sample.node("node_load1", Double.NaN).value()).isZero();
        assertThat(Sample.node("node_load1", -3).value()).isZero();
        assertThat(Sample.node("node_load1", Double.POSITIVE_INFINITY).value()).isZero();
        assertThat(Sample.node("node_memory_total_bytes", 1e19).value()).isEqualTo(1e18);
    }

    @Test
    void aLogBatchWithAnOverlongLinePassesTheSchema() throws Exception {
        LogBatch batch = new LogBatch(UUID.randomUUID().toString(), 0, Instant.now(), 3, List.of(
                new LogLine(Instant.parse("2026-01-01T00:00:00.123456789Z"), "web", "web", "stdout", "hello"),
                new LogLine(Instant.now(), "other", null, "stderr", "x".repeat(40_000))));

        assertThat(JsonSchemas.load().validate("logs", tree(batch))).isEmpty();
    }
}

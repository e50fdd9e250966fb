package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real agent with a real container publishes metric batches for the machine and every container, and the memory
 * it reports for a container agrees with {@code docker stats}.
 */
class MetricsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MIB = 1024 * 1024;
    private static final Pattern MEM_USAGE = Pattern.compile("^([0-9.]+)([KMG]i?B|B) /");

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest(false);

    private static Optional<Double> sample(JsonNode batch, String metric, String container) {
        for (JsonNode sample : batch.path("samples")) {
            if (sample.path("metric").asText().equals(metric) && sample.path("container").asText().equals(container)) {
                return Optional.of(sample.path("value").asDouble());
            }
        }
        return Optional.empty();
    }

    private static List<String> nodeMetrics(JsonNode batch) {
        List<String> names = new ArrayList<>();
        batch.path("samples").forEach(sample -> {
            if (sample.path("metric").asText().startsWith("node_")) {
                names.add(sample.path("metric").asText());
            }
        });
        return names;
    }

    /** What {@code docker stats --no-stream} shows as the container's memory usage, in bytes. */
    private static double dockerStatsMemory(String container) {
        String text = DockerCli.docker("stats", "--no-stream", "--format", "{{.MemUsage}}", container);
        Matcher matcher = MEM_USAGE.matcher(text.trim());
        assertThat(matcher.find()).as("docker stats said '%s'", text).isTrue();
        double number = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "KiB", "kB", "KB" -> number * 1024;
            case "MiB", "MB" -> number * MIB;
            case "GiB", "GB" -> number * MIB * 1024;
            default -> number;
        };
    }

    @Test
    void batchesCarryNodeAndContainerSamplesAndContainerMemoryAgreesWithDockerStats() throws Exception {
        AgentRig rig = agent.rig();
        AgentConfig config = rig.config().withTelemetry(TelemetrySettings.DEFAULTS
                .withMetricsInterval(Duration.ofSeconds(1)));
        rig.startAgent(config);
        String hog = rig.app("memory-hog");
        // 48 MiB in a tmpfs are the container's memory (shared memory, never inactive file cache)
        String spec = """
                {"image": "%s", "pullPolicy": "never", "init": true, "memoryLimitMiB": 256,
                 "command": ["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=48 && sleep 3600"]}
                """.formatted(TestImages.BUSYBOX_1);
        rig.desired(1, appEntry(hog, 1, spec));
        rig.awaitState(report -> phase(report, hog, "Running"), TIMEOUT);

        JsonNode batch = rig.observer().await(message -> message.leaf().equals("metrics")
                && sample(message.json(), "container_memory_usage_bytes", hog).orElse(0.0) > 40 * MIB,
                TIMEOUT).json();
        double docker = dockerStatsMemory(hog);
        // the next batch with the container's memory after the CLI's reading, so both look at the settled container
        // (a container whose stats call misses the collection budget is left out of that batch, by design)
        int seen = rig.observer().on("metrics").size();
        JsonNode later = rig.observer().await(message -> message.leaf().equals("metrics")
                && rig.observer().on("metrics").indexOf(message) >= seen
                && sample(message.json(), "container_memory_usage_bytes", hog).isPresent(), TIMEOUT).json();
        double agentValue = sample(later, "container_memory_usage_bytes", hog).orElseThrow();

        System.out.printf("container memory: agent %.0f bytes, docker stats %.0f bytes (%.2f %% apart)%n", agentValue,
                docker, 100 * Math.abs(agentValue - docker) / docker);
        assertThat(agentValue).isCloseTo(docker, within(docker * 0.10));
        assertThat(sample(later, "container_memory_limit_bytes", hog)).contains(256.0 * MIB);
        assertThat(sample(later, "container_running", hog)).contains(1.0);
        assertThat(sample(later, "container_restarts", hog)).contains(0.0);
        assertThat(sample(later, "container_oom_killed", hog)).contains(0.0);
        assertThat(sample(later, "container_cpu_percent", hog)).isPresent();
        assertThat(sample(later, "container_network_rx_bytes", hog)).isPresent();
        assertThat(sample(later, "container_blkio_write_bytes", hog)).isPresent();
        for (JsonNode sample : later.path("samples")) {
            if (sample.path("container").asText().equals(hog)) {
                assertThat(sample.path("app").asText()).isEqualTo(hog);
            }
        }
        assertThat(nodeMetrics(later)).contains("node_cpu_percent", "node_load1", "node_load5", "node_load15",
                "node_memory_used_bytes", "node_memory_total_bytes", "node_disk_used_bytes",
                "node_disk_total_bytes");
        assertThat(batch.path("intervalSeconds").asInt()).isEqualTo(1);
        assertThat(later.path("stream").asText()).isEqualTo(batch.path("stream").asText());
        assertThat(later.path("seq").asLong()).isGreaterThan(batch.path("seq").asLong());
        rig.observer().assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void theStreamAndItsNumberingSurviveAnAgentRestart() throws Exception {
        AgentRig rig = agent.rig();
        AgentConfig config = rig.config().withTelemetry(TelemetrySettings.DEFAULTS
                .withMetricsInterval(Duration.ofSeconds(1)));
        rig.startAgent(config);
        JsonNode first = rig.observer().await(message -> message.leaf().equals("metrics")
                && message.json().path("seq").asLong() >= 2, TIMEOUT).json();
        rig.stopAgent();
        int before = rig.observer().on("metrics").size();
        long lastBefore = rig.observer().on("metrics").get(before - 1).json().path("seq").asLong();

        rig.startAgent(config);
        JsonNode after = rig.observer().await(message -> message.leaf().equals("metrics")
                && rig.observer().on("metrics").indexOf(message) >= before, TIMEOUT).json();

        assertThat(after.path("stream").asText()).isEqualTo(first.path("stream").asText());
        assertThat(after.path("seq").asLong()).isEqualTo(lastBefore + 1);
    }
}

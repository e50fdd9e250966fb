package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.agent.AgentVersion;
import io.edgefleet.agent.metrics.MetricsBatch;
import io.edgefleet.agent.metrics.Sample;
import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.ContainerReport;
import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.StateReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The payloads of one simulated agent, built from the real agent's payload records (and so serialised by the same
 * mapping): facts of a plausible machine, {@code K} containers, metric batches of a fixed set of series, replies.
 */
final class AgentPayloads {

    static final String VERSION = AgentVersion.current();
    private static final String[] NODE_METRICS = {"node_cpu_percent", "node_load1", "node_load5",
        "node_memory_used_bytes", "node_memory_total_bytes"};
    private static final String[] CONTAINER_METRICS = {"container_cpu_percent", "container_memory_usage_bytes",
        "container_memory_limit_bytes", "container_network_rx_bytes", "container_network_tx_bytes",
        "container_blkio_read_bytes", "container_blkio_write_bytes", "container_restarts", "container_running"};
    /** The lag probes' marker: a series that carries the batch's sequence number. */
    static final String PROBE_METRIC = "node_load15";

    private final String endpoint;
    private final Facts facts;
    private final List<ContainerReport> baseContainers;
    private final String padding;
    private final List<SeriesKey> series;
    private final Instant created = Instant.now().minusSeconds(3600);

    /** One series of the batches: metric and its container or device. */
    record SeriesKey(String metric, String container, String device) {}

    AgentPayloads(String endpoint, int containers, int samples, int paddingBytes) {
        this.endpoint = endpoint;
        this.facts = new Facts("sim-" + endpoint, "Debian GNU/Linux 12 (bookworm)", "amd64", "6.1.0-28-amd64", 4,
                8L << 30, 250L << 30, 190L << 30, "24.0.7", VERSION, List.of("10.0.0." + (1 + Math.abs(
                        endpoint.hashCode() % 250))), "UTC");
        this.padding = paddingBytes == 0 ? null : "x".repeat(paddingBytes);
        List<ContainerReport> list = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            list.add(container("sim-c" + i, "registry.local/sim/worker:1." + i, false, null));
        }
        this.baseContainers = List.copyOf(list);
        this.series = seriesOf(containers, samples);
    }

    /** The container names a command may target. */
    boolean hasContainer(String name, List<AppStatus> apps) {
        return baseContainers.stream().anyMatch(c -> c.name().equals(name))
                || apps.stream().anyMatch(app -> app.name().equals(name));
    }

    private ContainerReport container(String name, String image, boolean managed, String app) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (managed) {
            labels.put("io.edgefleet.managed", "true");
            labels.put("io.edgefleet.app", app);
            labels.put("io.edgefleet.endpoint", endpoint);
        }
        if (padding != null) {
            labels.put("sim.padding", padding);
        }
        String id = Integer.toHexString((endpoint + name).hashCode() & 0x7fffffff);
        id = (id + "000000000000").substring(0, 12);
        return new ContainerReport(id, name, image, "running", "Up 1 hour", managed, app, labels, created,
                Map.of("bridge", "172.17.0.2"), List.of(), 0, "none");
    }

    /** The state: the apps of the desired document Running, their containers and the K others. */
    StateReport state(long generation, List<AppStatus> apps) {
        List<ContainerReport> containers = new ArrayList<>(baseContainers);
        for (AppStatus app : apps) {
            containers.add(container(app.name(), "registry.local/sim/" + app.name() + ":" + app.revision(), true,
                    app.name()));
        }
        return new StateReport(generation, Instant.now(), VERSION, facts, apps, containers);
    }

    /** The apps of a desired document, Running at their revision since now. */
    static List<AppStatus> runningApps(JsonNode desired, String endpoint) {
        List<AppStatus> apps = new ArrayList<>();
        Instant now = Instant.now();
        for (JsonNode app : desired.path("apps")) {
            String name = app.path("name").asText();
            String containerId = Integer.toHexString((endpoint + name).hashCode() & 0x7fffffff);
            apps.add(new AppStatus(name, app.path("revision").asInt(), AppStatus.Phase.Running, null,
                    (containerId + "000000000000").substring(0, 12), 0, now));
        }
        return apps;
    }

    /** One batch: the fixed series with fresh values; the probe series, when present, carries {@code seq}. */
    MetricsBatch metrics(String stream, long seq, int intervalSeconds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Sample> samples = new ArrayList<>(series.size());
        for (SeriesKey key : series) {
            double value = key.metric().equals(PROBE_METRIC) ? seq
                    : key.metric().endsWith("_percent") ? Math.round(random.nextDouble(100) * 10) / 10.0
                    : random.nextLong(1L << 32);
            String app = key.container() != null && key.container().startsWith("sim-c") ? null : key.container();
            samples.add(new Sample(key.metric(), value, key.container(), app, key.device()));
        }
        return new MetricsBatch(stream, seq, Instant.now(), intervalSeconds, new MetricsBatch.Dropped(0, 0), samples);
    }

    /** Distinct series, so one batch never carries two samples of the same series. */
    private static List<SeriesKey> seriesOf(int containers, int samples) {
        List<SeriesKey> keys = new ArrayList<>();
        if (samples == 0) {
            return keys;
        }
        keys.add(new SeriesKey(PROBE_METRIC, null, null));
        for (String metric : NODE_METRICS) {
            keys.add(new SeriesKey(metric, null, null));
        }
        for (int c = 0; c < containers; c++) {
            for (String metric : CONTAINER_METRICS) {
                keys.add(new SeriesKey(metric, "sim-c" + c, null));
            }
        }
        for (int d = 0; keys.size() < samples; d++) {
            keys.add(new SeriesKey(d % 2 == 0 ? "node_disk_used_bytes" : "node_network_rx_bytes", null,
                    d % 2 == 0 ? "/mnt/d" + d : "eth" + d));
        }
        return List.copyOf(keys.subList(0, samples));
    }

    /** The reply a real agent gives when the engine did what the command asked. */
    static Reply reply(JsonNode command, boolean containerExists) {
        String id = command.path("id").asText();
        String type = command.path("type").asText();
        String container = command.path("target").path("container").asText();
        Instant now = Instant.now();
        String expiresAt = command.path("expiresAt").asText(null);
        if (expiresAt != null && Instant.parse(expiresAt).isBefore(now)) {
            return Reply.of(id, Reply.Status.EXPIRED, "expired at " + expiresAt + ", the agent took it at " + now,
                    now);
        }
        if (!containerExists) {
            return Reply.of(id, Reply.Status.NOT_FOUND, "no container '" + container + "' on this machine", now);
        }
        JsonNode output = switch (type) {
            case "container.logs" -> {
                ObjectNode lines = PlatformApi.JSON.createObjectNode();
                lines.putArray("lines").add("simulated log line of " + container);
                yield lines;
            }
            case "container.inspect" -> {
                ObjectNode doc = PlatformApi.JSON.createObjectNode().put("Name", "/" + container);
                doc.putObject("State").put("Running", true).put("Status", "running");
                yield doc;
            }
            default -> null;
        };
        return new Reply(id, Reply.Status.SUCCEEDED, type + " of " + container + " done", output, now);
    }
}

package io.edgefleet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Realistic inputs for the benchmarks, grown from the valid examples that ship with the schemas
 * ({@code schemas/examples/*.valid.json}), so that a change to a contract changes what is measured too.
 */
public final class Payloads {

    /** The tenant and endpoint every benchmark payload belongs to. */
    public static final String TENANT = "acme";
    public static final String ENDPOINT = "ep-k3v7q2mxa4td";

    private Payloads() {
    }

    /** A schema example, parsed; {@code name} as in {@code heartbeat.valid}. */
    public static JsonNode example(String name) {
        String resource = "schemas/examples/" + name + ".json";
        try (InputStream in = Payloads.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " is missing");
            }
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** An agent's heartbeat, as the example. */
    public static ObjectNode heartbeat() {
        return (ObjectNode) example("heartbeat.valid");
    }

    /**
     * An agent's retained state report with {@code containers} managed containers, each the app it runs, built from
     * the example's first app and container.
     */
    public static ObjectNode state(int containers) {
        ObjectNode state = (ObjectNode) example("state.valid");
        ObjectNode appTemplate = (ObjectNode) state.get("apps").get(0);
        ObjectNode containerTemplate = (ObjectNode) state.get("containers").get(0);
        ArrayNode apps = state.putArray("apps");
        ArrayNode list = state.putArray("containers");
        for (int i = 0; i < containers; i++) {
            String name = String.format("line3-app-%02d", i);
            String id = String.format("%064x", 0x4f1c9e2ab0d3L + i);
            ObjectNode app = apps.addObject();
            app.setAll(appTemplate.deepCopy());
            app.put("name", name).put("containerId", id.substring(0, 12));
            ObjectNode container = list.addObject();
            container.setAll(containerTemplate.deepCopy());
            container.put("id", id).put("name", name).put("app", name)
                    .put("image", "registry.local/" + name + ":2.1." + i);
            ((ObjectNode) container.get("labels")).put("io.edgefleet.app", name);
        }
        return state;
    }

    /**
     * A metrics batch of {@code samples} samples collected now: the example's node samples and, for the rest, the six
     * per-container metrics of as many containers as it takes, as an agent sends them.
     */
    public static ObjectNode metrics(int samples, long seq) {
        ObjectNode batch = (ObjectNode) example("metrics.valid");
        batch.put("seq", seq).put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        ArrayNode list = batch.putArray("samples");
        String[] node = {"node_cpu_percent", "node_load1", "node_load5", "node_load15", "node_memory_used_bytes",
                "node_memory_total_bytes"};
        String[] container = {"container_cpu_percent", "container_memory_usage_bytes", "container_memory_limit_bytes",
                "container_network_rx_bytes", "container_network_tx_bytes", "container_running"};
        for (int i = 0; i < Math.min(samples, node.length); i++) {
            list.addObject().put("metric", node[i]).put("value", 1000.5 + i);
        }
        for (int i = node.length; i < samples; i++) {
            int c = (i - node.length) / container.length;
            String name = String.format("line3-app-%03d", c);
            list.addObject().put("metric", container[(i - node.length) % container.length]).put("container", name)
                    .put("app", name).put("value", 52_428_800.0 + i);
        }
        return batch;
    }

    /** Compact JSON bytes, as they travel over MQTT. */
    public static byte[] bytes(JsonNode payload) {
        return Json.buffer(payload).getBytes();
    }
}

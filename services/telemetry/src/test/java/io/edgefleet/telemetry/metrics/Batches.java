package io.edgefleet.telemetry.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** Metric batches as an agent publishes them, for tests and the load simulator. */
public final class Batches {

    private final ObjectNode doc = JsonNodeFactory.instance.objectNode();
    private final ArrayNode samples;

    private Batches(String stream, long seq, Instant at) {
        doc.put("stream", stream).put("seq", seq).put("at", at.toString()).put("intervalSeconds", 15);
        samples = doc.putArray("samples");
    }

    public static Batches batch(String stream, long seq, Instant at) {
        return new Batches(stream, seq, at);
    }

    /** A new stream id in the schema's format. */
    public static String newStream() {
        return "s-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static String topic(String tenant, String endpoint) {
        return "edge/v1/" + tenant + "/" + endpoint + "/metrics";
    }

    public Batches node(String metric, double value) {
        samples.addObject().put("metric", metric).put("value", value);
        return this;
    }

    public Batches device(String metric, String device, double value) {
        samples.addObject().put("metric", metric).put("device", device).put("value", value);
        return this;
    }

    public Batches container(String metric, String container, String app, double value) {
        ObjectNode s = samples.addObject().put("metric", metric).put("container", container).put("value", value);
        if (app != null) {
            s.put("app", app);
        }
        return this;
    }

    public Batches dropped(long batches, long samplesDropped) {
        doc.putObject("dropped").put("batches", batches).put("samples", samplesDropped);
        return this;
    }

    public ObjectNode doc() {
        return doc;
    }

    public String json() {
        return doc.toString();
    }
}

package io.edgefleet.telemetry.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import java.time.Instant;

/** Log batches as an agent publishes them (logs.schema.json). */
final class LogBatches {

    /** One line of a batch. */
    record Line(Instant at, String container, String app, String stream, String text) {
        static Line of(String container, String text) {
            return new Line(Instant.now(), container, null, "stdout", text);
        }
    }

    private LogBatches() {
    }

    static String batch(String stream, long seq, Line... lines) {
        ObjectNode batch = Json.mapper().createObjectNode();
        batch.put("stream", stream);
        batch.put("seq", seq);
        batch.put("sentAt", Instant.now().toString());
        batch.put("droppedLines", 0);
        ArrayNode array = batch.putArray("lines");
        for (Line line : lines) {
            ObjectNode node = array.addObject();
            node.put("at", line.at().toString());
            node.put("container", line.container());
            if (line.app() != null) {
                node.put("app", line.app());
            }
            node.put("stream", line.stream());
            node.put("text", line.text());
        }
        return Json.write(batch);
    }

    static String topic(String tenant, String endpoint) {
        return "edge/v1/" + tenant + "/" + endpoint + "/logs";
    }
}

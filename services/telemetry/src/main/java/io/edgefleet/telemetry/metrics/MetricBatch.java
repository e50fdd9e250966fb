package io.edgefleet.telemetry.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One metrics batch of an endpoint as validated against {@code metrics.schema.json}: (tenant, endpoint, stream, seq)
 * identifies it; every sample is stamped with the batch's collection time {@code at}.
 */
record MetricBatch(String tenant, String endpoint, String stream, long seq, Instant at, long droppedBatches,
                   long droppedSamples, List<Sample> samples) {

    /** A sample; {@code container} and {@code device} are {@code ""} when absent, {@code app} may be null. */
    record Sample(String metric, String container, String device, String app, double value) {
    }

    /** The batch identity as a string key (for matching the rows a write reports as new). */
    String key() {
        return key(tenant, endpoint, stream, seq);
    }

    static String key(String tenant, String endpoint, String stream, long seq) {
        return tenant + '\u0000' + endpoint + '\u0000' + stream + '\u0000' + seq;
    }

    /** Reads a document that already passed the schema. */
    static MetricBatch of(String tenant, String endpoint, JsonNode doc) {
        JsonNode samplesNode = doc.get("samples");
        List<Sample> samples = new ArrayList<>(samplesNode.size());
        for (JsonNode s : samplesNode) {
            samples.add(new Sample(s.get("metric").asText(), s.path("container").asText(""),
                    s.path("device").asText(""), s.hasNonNull("app") ? s.get("app").asText() : null,
                    s.get("value").asDouble()));
        }
        JsonNode dropped = doc.path("dropped");
        return new MetricBatch(tenant, endpoint, doc.get("stream").asText(), doc.get("seq").asLong(),
                OffsetDateTime.parse(doc.get("at").asText()).toInstant(), dropped.path("batches").asLong(0),
                dropped.path("samples").asLong(0), List.copyOf(samples));
    }
}

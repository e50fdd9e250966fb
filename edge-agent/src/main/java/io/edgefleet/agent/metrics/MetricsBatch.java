package io.edgefleet.agent.metrics;

import java.time.Instant;
import java.util.List;

/**
 * One collection as published on {@code edge/v1/{tenant}/{endpoint}/metrics} ({@code metrics.schema.json}).
 *
 * @param stream          the agent's metric stream id
 * @param seq             the batch number within the stream
 * @param at              when the samples were collected
 * @param intervalSeconds the collection interval
 * @param dropped         batches and samples the offline buffer dropped since the stream began
 * @param samples         the samples
 */
public record MetricsBatch(String stream, long seq, Instant at, int intervalSeconds, Dropped dropped,
                           List<Sample> samples) {

    /** The schema's limit of samples per batch. */
    public static final int MAX_SAMPLES = 10_000;

    public MetricsBatch {
        samples = List.copyOf(samples);
    }

    /** Drop counters that only grow. */
    public record Dropped(long batches, long samples) {
    }
}

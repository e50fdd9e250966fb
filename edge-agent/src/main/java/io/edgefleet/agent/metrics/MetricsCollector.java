package io.edgefleet.agent.metrics;

import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.telemetry.DiskBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one metrics batch per interval on its own thread, {@code metrics}: the machine's samples from /proc and
 * every container's from Docker, stored in the stream's {@link DiskBuffer} (numbered there), from which a sender
 * publishes it. Collection never waits for the broker.
 */
public final class MetricsCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);

    private final NodeCollector node;
    private final ContainerCollector containers;
    private final DiskBuffer buffer;
    private final Duration interval;
    private final Runnable stored;
    private final Clock clock;
    private final ScheduledExecutorService thread;

    /**
     * @param stored told after each stored batch (to wake the sender)
     */
    public MetricsCollector(NodeCollector node, ContainerCollector containers, DiskBuffer buffer, Duration interval,
                            Runnable stored, Clock clock) {
        this.node = node;
        this.containers = containers;
        this.buffer = buffer;
        this.interval = interval;
        this.stored = stored;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread worker = new Thread(task, "metrics");
            worker.setDaemon(true);
            return worker;
        });
    }

    /** Starts collecting: the first batch right away (CPU percent needs a first reading), then every interval. */
    public void start() {
        LOG.info("collecting metrics every {} s into stream {} (next batch {}, {} batches waiting)",
                interval.toSeconds(), buffer.stream(), buffer.nextSeq(), buffer.size());
        thread.scheduleAtFixedRate(this::collectGuarded, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void collectGuarded() {
        try {
            collectOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again
            LOG.error("metrics collection failed", e);
        }
    }

    /** One collection, stored in the buffer. */
    void collectOnce() throws InterruptedException {
        Instant at = clock.instant();
        List<Sample> samples = new ArrayList<>(node.collect());
        // the container calls get most of the interval, the rest is left for storing and for a late start
        samples.addAll(containers.collect(interval.multipliedBy(4).dividedBy(5)));
        List<Sample> kept = samples.size() > MetricsBatch.MAX_SAMPLES
                ? samples.subList(0, MetricsBatch.MAX_SAMPLES) : samples;
        int seconds = (int) Math.max(1, Math.min(3600, interval.toSeconds()));
        DiskBuffer.Entry entry = buffer.append((stream, seq, droppedBatches, droppedSamples) -> Json.bytes(
                new MetricsBatch(stream, seq, at, seconds, new MetricsBatch.Dropped(droppedBatches, droppedSamples),
                        kept)), kept.size());
        LOG.debug("metrics batch {} stored: {} samples, {} batches waiting", entry.seq(), kept.size(),
                buffer.size());
        stored.run();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        containers.close();
    }
}

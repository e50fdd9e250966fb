package io.edgefleet.agent.logship;

import io.edgefleet.agent.desired.LogShipping;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.LogSink;
import io.edgefleet.agent.runtime.RuntimeFailure;
import io.edgefleet.agent.telemetry.DiskBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the logs of the running managed containers whose app turns log shipping on. One thread, {@code log-shipper},
 * starts and stops following logs as containers and the desired document change, and closes batches of up to
 * {@link #MAX_LINES} lines (or {@link #MAX_TEXT_CHARS} characters) or one second's worth, whichever comes first, into
 * the stream's {@link DiskBuffer}. Lines come in on the engine client's threads, where each app's
 * {@link TokenBucket} drops what is over its rate; dropped lines are counted in {@code droppedLines}.
 */
public final class LogShipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    static final int MAX_LINES = 500;
    static final int MAX_TEXT_CHARS = 512 * 1024;
    static final Duration MAX_BATCH_AGE = Duration.ofSeconds(1);
    private static final Duration FOLLOW_CHECK = Duration.ofSeconds(1);
    private static final Duration REFOLLOW_DELAY = Duration.ofSeconds(5);
    private static final int QUEUE_LINES = 20_000;
    private static final Duration START_MARGIN = Duration.ofSeconds(1);

    private record Pending(String containerId, LogLine line) {
    }

    private final class Follower implements LogSink {
        final ContainerInfo container;
        final TokenBucket bucket;
        volatile boolean ended;
        AutoCloseable handle;

        Follower(ContainerInfo container, TokenBucket bucket) {
            this.container = container;
            this.bucket = bucket;
        }

        @Override
        public void line(Instant at, String stream, String text) {
            if (!bucket.tryTake()) {
                dropped.incrementAndGet();
                return;
            }
            if (!queue.offer(new Pending(container.id(), new LogLine(at, container.name(), container.app(), stream,
                    text)))) {
                dropped.incrementAndGet();
            }
        }

        @Override
        public void ended(Throwable failure) {
            ended = true;
            if (failure != null) {
                LOG.debug("log of container {} ended: {}", container.name(), failure.toString());
            }
        }
    }

    private final ContainerRuntime runtime;
    private final DiskBuffer buffer;
    private final LogPositions positions;
    private final Supplier<Map<String, LogShipping>> shipping;
    private final Runnable stored;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Follower> followers = new HashMap<>();
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, Instant> refollowAfter = new HashMap<>();
    private final Thread thread;
    private volatile List<ContainerInfo> containers = List.of();
    private volatile boolean closed;

    /**
     * @param shipping the apps that ship their log now (the reconciler's view of the desired document)
     * @param stored   told after each stored batch (to wake the sender)
     */
    public LogShipper(ContainerRuntime runtime, DiskBuffer buffer, Path positionsFile,
                      Supplier<Map<String, LogShipping>> shipping, Runnable stored, Clock clock) throws IOException {
        this.runtime = runtime;
        this.buffer = buffer;
        this.positions = LogPositions.open(positionsFile);
        this.shipping = shipping;
        this.stored = stored;
        this.clock = clock;
        this.thread = new Thread(this::run, "log-shipper");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The engine's containers as last listed; any thread. */
    public void containers(List<ContainerInfo> current) {
        containers = List.copyOf(current);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        int chars = 0;
        long nextCheck = 0;
        long batchStarted = 0;
        long lastStored = System.nanoTime();
        while (!closed) {
            try {
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    follow();
                    nextCheck = now + FOLLOW_CHECK.toNanos();
                }
                Pending next = queue.poll(100, TimeUnit.MILLISECONDS);
                while (next != null) {
                    if (batch.isEmpty()) {
                        batchStarted = System.nanoTime();
                    }
                    batch.add(next);
                    chars += next.line().text().length();
                    if (batch.size() >= MAX_LINES || chars >= MAX_TEXT_CHARS) {
                        break;
                    }
                    next = queue.poll();
                }
                long sinceStored = System.nanoTime() - lastStored;
                boolean old = !batch.isEmpty() && System.nanoTime() - batchStarted >= MAX_BATCH_AGE.toNanos();
                // lines dropped after the last batch must be reported even when no line follows them
                boolean dropsOnly = batch.isEmpty() && dropped.get() > 0 && sinceStored >= MAX_BATCH_AGE.toNanos();
                if (batch.size() >= MAX_LINES || chars >= MAX_TEXT_CHARS || old || dropsOnly) {
                    store(batch);
                    batch.clear();
                    chars = 0;
                    lastStored = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("log shipping step failed", e);
            }
        }
        followers.values().forEach(this::stop);
    }

    private void store(List<Pending> batch) {
        List<Pending> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparing(pending -> pending.line().at()));
        List<LogLine> lines = ordered.stream().map(Pending::line).toList();
        buffer.countDropped(dropped.getAndSet(0));
        Instant sentAt = clock.instant();
        DiskBuffer.Entry entry = buffer.append((stream, seq, droppedBatches, droppedLines) ->
                Json.bytes(new LogBatch(stream, seq, sentAt, droppedLines, lines)), lines.size());
        ordered.forEach(pending -> positions.advance(pending.containerId(), pending.line().at()));
        positions.save(containers.stream().map(ContainerInfo::id).collect(java.util.stream.Collectors.toSet()));
        LOG.debug("log batch {} stored: {} lines", entry.seq(), lines.size());
        stored.run();
    }

    /** Follows exactly the running managed containers of shipping apps. */
    private void follow() {
        Map<String, LogShipping> apps = shipping.get();
        Map<String, ContainerInfo> wanted = new HashMap<>();
        for (ContainerInfo container : containers) {
            if (container.managed() && "running".equals(container.state()) && container.app() != null
                    && apps.containsKey(container.app())) {
                wanted.put(container.id(), container);
            }
        }
        Instant now = clock.instant();
        followers.entrySet().removeIf(entry -> {
            Follower follower = entry.getValue();
            if (follower.ended || !wanted.containsKey(entry.getKey())) {
                stop(follower);
                if (follower.ended) {
                    refollowAfter.put(entry.getKey(), now.plus(REFOLLOW_DELAY));
                }
                return true;
            }
            return false;
        });
        refollowAfter.keySet().retainAll(wanted.keySet());
        for (ContainerInfo container : wanted.values()) {
            Instant after = refollowAfter.get(container.id());
            if (followers.containsKey(container.id()) || (after != null && now.isBefore(after))) {
                continue;
            }
            start(container, apps.get(container.app()));
        }
        buckets.keySet().retainAll(apps.keySet());
    }

    private void start(ContainerInfo container, LogShipping settings) {
        TokenBucket bucket = buckets.get(container.app());
        if (bucket == null || bucket.ratePerSecond() != settings.linesPerSecond()) {
            bucket = new TokenBucket(settings.linesPerSecond(), System::nanoTime);
            buckets.put(container.app(), bucket);
        }
        Follower follower = new Follower(container, bucket);
        try {
            Instant since = positions.of(container.id()).map(last -> last.plusNanos(1))
                    .orElseGet(() -> startedAt(container));
            follower.handle = runtime.followLogs(container.id(), since, follower);
            followers.put(container.id(), follower);
            LOG.info("shipping the log of container {} (app {}) from {}, at most {} lines/s", container.name(),
                    container.app(), since, settings.linesPerSecond());
        } catch (RuntimeFailure e) {
            LOG.warn("cannot follow the log of container {}: {}", container.name(), e.getMessage());
            refollowAfter.put(container.id(), clock.instant().plus(REFOLLOW_DELAY));
        }
    }

    /**
     * Where a container's log starts for the agent when it never shipped from it: a little before the engine's
     * StartedAt, which is recorded after the process started and so after its first lines.
     */
    private Instant startedAt(ContainerInfo container) {
        String started = runtime.inspect(container.id()).path("State").path("StartedAt").asText("");
        try {
            return Instant.parse(started).minus(START_MARGIN);
        } catch (DateTimeParseException e) {
            return container.created();
        }
    }

    private void stop(Follower follower) {
        try {
            if (follower.handle != null) {
                follower.handle.close();
            }
        } catch (Exception e) {
            LOG.debug("closing the log of container {} failed: {}", follower.container.name(), e.toString());
        }
        if (!closed) {
            LOG.info("stopped shipping the log of container {}", follower.container.name());
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

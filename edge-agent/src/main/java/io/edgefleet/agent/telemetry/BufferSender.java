package io.edgefleet.agent.telemetry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a {@link DiskBuffer} to the broker in order, one batch at a time, on a thread of its own: the oldest batch is
 * published (QoS 1) and removed only after its PUBACK, so batches arrive in order and none is sent twice, except when
 * a PUBACK was lost (the receiver dedupes by stream and seq). While the channel is down it waits; after a refused
 * publish it retries the same batch with a growing delay.
 */
public final class BufferSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BufferSender.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final DiskBuffer buffer;
    private final Function<byte[], CompletableFuture<Void>> publisher;
    private final BooleanSupplier connected;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param name      the stream's name in logs and the thread's name, e.g. {@code metrics}
     * @param publisher publishes one payload, completing on the broker's PUBACK
     * @param connected whether the channel is connected now
     */
    public BufferSender(String name, DiskBuffer buffer, Function<byte[], CompletableFuture<Void>> publisher,
                        BooleanSupplier connected) {
        this.name = name;
        this.buffer = buffer;
        this.publisher = publisher;
        this.connected = connected;
        this.thread = new Thread(this::run, name + "-sender");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Something changed (a batch was stored, the connection came up): look again now. Any thread. */
    public void wake() {
        wakeUps.release();
    }

    private void run() {
        Duration backoff = IDLE_WAIT;
        while (!closed) {
            try {
                if (!connected.getAsBoolean() || buffer.size() == 0) {
                    idle(IDLE_WAIT);
                    continue;
                }
                var entry = buffer.oldest();
                if (entry.isEmpty()) {
                    continue;
                }
                if (send(entry.get())) {
                    buffer.remove(entry.get().seq());
                    backoff = IDLE_WAIT;
                } else {
                    buffer.release(entry.get().seq());
                    idle(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                            : backoff.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("{} sender failed; retrying", name, e);
                try {
                    idle(MAX_BACKOFF);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Publishes and waits for the outcome for as long as it takes; the client resends it after a reconnect. */
    private boolean send(DiskBuffer.Entry entry) throws InterruptedException {
        CompletableFuture<Void> ack;
        try {
            ack = publisher.apply(entry.payload());
        } catch (RuntimeException e) {
            LOG.debug("{} batch {} not published: {}", name, entry.seq(), e.toString());
            return false;
        }
        while (!closed) {
            try {
                ack.get(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.debug("{} batch {} acknowledged", name, entry.seq());
                return true;
            } catch (TimeoutException stillWaiting) {
                // the PUBACK comes after a reconnect; publishing the batch again would duplicate it
            } catch (ExecutionException e) {
                LOG.warn("{} batch {} not acknowledged: {}; retrying", name, entry.seq(), e.getCause().toString());
                return false;
            }
        }
        return false;
    }

    private void idle(Duration time) throws InterruptedException {
        if (wakeUps.tryAcquire(time.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeUps.drainPermits();
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

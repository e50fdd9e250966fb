package io.edgefleet.tenancy.partition;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries, at start and then every {@code interval}, the partitions whose cluster could not be reached when their
 * tenant's status changed ({@link PartitionService#retryUnreconciledAccess}). One pass runs at a time; a pass that
 * outlasts the interval makes the next tick skip.
 */
public final class PartitionAccessVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionAccessVerticle.class);

    private final PartitionService partitions;
    private final Duration interval;
    private boolean running;
    private long timer = -1;

    public PartitionAccessVerticle(PartitionService partitions, Duration interval) {
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> pass());
        LOG.info("partition access is retried every {} s where a cluster could not be reached", interval.toSeconds());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void pass() {
        if (running) {
            return;
        }
        running = true;
        partitions.retryUnreconciledAccess()
                .onSuccess(count -> {
                    if (count > 0) {
                        LOG.info("partition access reconciled in {} partitions on retry", count);
                    }
                })
                .onFailure(failure -> LOG.error("the partition access retry failed: {}", failure.getMessage()))
                .onComplete(done -> running = false);
    }
}

package io.edgefleet.telemetry.logs;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a partition maintenance task at start (the start fails when it does: without today's partition nothing can
 * be stored) and then every {@code every}; its timer ends with the verticle.
 */
public final class PartitionMaintenance extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final String name;
    private final Supplier<Future<?>> task;
    private final Duration every;

    public PartitionMaintenance(String name, Supplier<Future<?>> task, Duration every) {
        this.name = name;
        this.task = task;
        this.every = every;
    }

    @Override
    public Future<?> start() {
        return task.get().onSuccess(done -> vertx.setPeriodic(every.toMillis(), id -> task.get()
                .onFailure(e -> LOG.error("partition maintenance of {} failed; retried in {}", name, every, e))));
    }
}

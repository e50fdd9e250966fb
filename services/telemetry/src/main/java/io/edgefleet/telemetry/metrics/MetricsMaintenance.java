package io.edgefleet.telemetry.metrics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic jobs of the metrics tables: partitions ahead of time and retention (at start, then every
 * {@link MetricsSettings#maintenanceEvery()}), and rollups (every {@link MetricsSettings#rollupEvery()}). A job that is
 * still running when its timer fires again is skipped for that round.
 */
final class MetricsMaintenance extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsMaintenance.class);

    private final Pool pool;
    private final MetricsSettings settings;
    private final SamplePartitions partitions;
    private final Rollups rollups;
    private final Clock clock;
    private boolean maintaining;
    private boolean rolling;

    MetricsMaintenance(Pool pool, MetricsSettings settings, SamplePartitions partitions, Clock clock) {
        this.pool = pool;
        this.settings = settings;
        this.partitions = partitions;
        this.rollups = new Rollups(pool, partitions);
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return maintain().onSuccess(v -> {
            vertx.setPeriodic(settings.maintenanceEvery().toMillis(), id -> maintain()
                    .onFailure(e -> LOG.error("metric partition maintenance failed", e)));
            vertx.setPeriodic(settings.rollupEvery().toMillis(), id -> rollUp());
        });
    }

    private Future<Void> maintain() {
        if (maintaining) {
            return Future.succeededFuture();
        }
        maintaining = true;
        return pool.withConnection(c -> partitions.maintain(c, clock.instant(), settings.partitionsAhead(), settings))
                .onComplete(ar -> maintaining = false)
                .mapEmpty();
    }

    private void rollUp() {
        if (rolling) {
            return;
        }
        rolling = true;
        rollups.run()
                .onSuccess(r -> {
                    if (r.minutes() + r.hours() > 0) {
                        LOG.debug("rolled up {} minutes and {} hours of metrics", r.minutes(), r.hours());
                    }
                })
                .onFailure(e -> LOG.error("metric rollup failed; the marks stay for the next run", e))
                .onComplete(ar -> rolling = false);
    }
}

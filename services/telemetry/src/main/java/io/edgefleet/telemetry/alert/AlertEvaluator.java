package io.edgefleet.telemetry.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every tenant's rules every {@link AlertSettings#evaluationMillis()}. Each tenant is evaluated in its own
 * transaction that first takes a transaction-scoped PostgreSQL advisory lock for the tenant: when another replica
 * holds it, this one skips the tenant for this round, so two replicas never evaluate one tenant at once, and the
 * lock goes away with the transaction even when a replica dies. The next round starts one interval after the
 * previous one ended, so rounds never overlap.
 */
public final class AlertEvaluator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    private static final String TENANTS = """
            SELECT tenant FROM endpoints WHERE snapshot_at IS NOT NULL
            UNION SELECT tenant FROM alert_rules
            UNION SELECT tenant FROM alerts WHERE state IN ('pending', 'firing') OR notified""";
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('edgefleet.telemetry.alerts'), hashtext($1)) AS locked";

    private final Pool pool;
    private final AlertSettings settings;
    private final AlertNotifier notifier;
    private final Runnable wakeWorkers;
    private final Timer duration;
    private final Counter eventsWritten;
    private long timer = -1;
    private boolean stopped;

    /** @param wakeWorkers wakes the outbox relay and the delivery worker after a round */
    public AlertEvaluator(Pool pool, AlertSettings settings, AlertNotifier notifier, Runnable wakeWorkers, MeterRegistry meters) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.wakeWorkers = Objects.requireNonNull(wakeWorkers, "wakeWorkers");
        this.duration = Timer.builder("edgefleet_telemetry_alert_evaluation_seconds")
                .description("Time of one evaluation round of every tenant's alert rules").register(meters);
        this.eventsWritten = Counter.builder("edgefleet_telemetry_alert_events_total")
                .description("alert.firing and alert.resolved events written").register(meters);
    }

    @Override
    public Future<?> start() {
        schedule();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(settings.evaluationMillis(), id -> round());
        }
    }

    private void round() {
        long started = System.nanoTime();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.query(TENANTS).execute()
                .compose(rows -> {
                    List<String> tenants = new ArrayList<>();
                    for (Row row : rows) {
                        tenants.add(row.getString("tenant"));
                    }
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (String tenant : tenants) {
                        chain = chain.compose(total -> evaluate(tenant, now).map(n -> total + n));
                    }
                    return chain;
                })
                .onSuccess(events -> {
                    eventsWritten.increment(events);
                    // deliveries may have been queued without an event (a silence ended): wake the workers each round
                    wakeWorkers.run();
                })
                .onFailure(e -> LOG.error("alert evaluation round failed", e))
                .onComplete(done -> {
                    duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    schedule();
                });
    }

    private Future<Integer> evaluate(String tenant, OffsetDateTime now) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(tenant)).compose(rows -> {
            if (!rows.iterator().next().getBoolean("locked")) {
                LOG.debug("tenant {} is being evaluated by another replica; skipped", tenant);
                return Future.succeededFuture(0);
            }
            return new TenantEvaluation(tx, tenant, now, settings, notifier).run();
        })).recover(e -> {
            LOG.error("alert evaluation of tenant {} failed", tenant, e);
            return Future.succeededFuture(0);
        });
    }
}

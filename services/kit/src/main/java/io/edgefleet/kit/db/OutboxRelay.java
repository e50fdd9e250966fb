package io.edgefleet.kit.db;

import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code outbox} table to the broker: rows in {@code seq} order, in batches, each row deleted
 * only after the broker's PUBACK (at-least-once; consumers drop duplicates by event id).
 *
 * <p>A batch runs in one transaction that first takes a transaction-scoped advisory lock, so when several
 * replicas share the schema only one relays at a time and order holds. Within a batch the publishes are
 * pipelined on the one MQTT connection; acks arrive in order, so when the connection drops the failed rows
 * are a suffix of the batch and stay for the next round. While the client is disconnected the relay idles
 * and resumes after the reconnect.
 */
public final class OutboxRelay extends VerticleBase {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    public static final int BATCH_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long BATCH_TIMEOUT_SECONDS = 60;
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('edgefleet.outbox.' || current_schema())) AS locked";
    private static final String ANY = "SELECT EXISTS (SELECT 1 FROM outbox)";
    private static final String SELECT = "SELECT seq, topic, payload, retain, qos FROM outbox ORDER BY seq LIMIT $1";
    private static final String DELETE = "DELETE FROM outbox WHERE seq = ANY($1)";

    private final Pool pool;
    private final MqttEventClient mqtt;
    private final Duration pollInterval;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;

    private record OutboxRow(long seq, String topic, Buffer payload, boolean retain, int qos) {
    }

    private record BatchResult(int selected, int published) {
        boolean full() {
            return selected == BATCH_SIZE && published == selected;
        }
    }

    public OutboxRelay(Pool pool, MqttEventClient mqtt, Duration pollInterval) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("poll interval must be at least 1 ms, got " + pollInterval);
        }
    }

    /** A relay polling every {@link #DEFAULT_POLL_INTERVAL}. */
    public OutboxRelay(Pool pool, MqttEventClient mqtt) {
        this(pool, mqtt, DEFAULT_POLL_INTERVAL);
    }

    @Override
    public Future<?> start() {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> relay());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timerId);
        return Future.succeededFuture();
    }

    /**
     * Asks the relay to look at the table now instead of at the next poll, e.g. right after a transaction
     * that appended rows committed. Safe to call from any thread; does nothing before deployment.
     */
    public void wake() {
        if (context != null && !stopped) {
            context.runOnContext(v -> relay());
        }
    }

    private void relay() {
        if (stopped || !mqtt.isConnected() || !running.compareAndSet(false, true)) {
            return;
        }
        // the cheap look comes first, so an idle relay costs one small query per poll, not a transaction
        pool.query(ANY).execute()
                .compose(rows -> rows.iterator().next().getBoolean(0)
                        ? pool.withTransaction(this::batch)
                        : Future.succeededFuture(new BatchResult(0, 0)))
                .timeout(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .onComplete(ar -> {
                    running.set(false);
                    if (ar.failed()) {
                        LOG.warn("outbox relay round failed: {}", ar.cause().toString());
                    } else if (ar.result().full()) {
                        // more rows waiting: go on without waiting for the next poll
                        context.runOnContext(v -> relay());
                    }
                });
    }

    private Future<BatchResult> batch(SqlConnection tx) {
        return tx.query(LOCK).execute().compose(lock -> {
            if (!lock.iterator().next().getBoolean("locked")) {
                return Future.succeededFuture(new BatchResult(0, 0));
            }
            return tx.preparedQuery(SELECT).execute(Tuple.of(BATCH_SIZE)).compose(rows -> {
                List<OutboxRow> batch = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    batch.add(new OutboxRow(row.getLong("seq"), row.getString("topic"), row.getBuffer("payload"),
                            row.getBoolean("retain"), row.getShort("qos")));
                }
                return publishAll(tx, batch);
            });
        });
    }

    private Future<BatchResult> publishAll(SqlConnection tx, List<OutboxRow> batch) {
        if (batch.isEmpty()) {
            return Future.succeededFuture(new BatchResult(0, 0));
        }
        List<Future<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxRow row : batch) {
            acks.add(mqtt.publish(row.topic(), row.payload(), MqttQoS.valueOf(row.qos()), row.retain()));
        }
        return Future.join(acks).transform(ignored -> {
            List<Long> acked = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (acks.get(i).succeeded()) {
                    acked.add(batch.get(i).seq());
                } else {
                    LOG.debug("outbox row {} not acknowledged, kept: {}", batch.get(i).seq(), acks.get(i).cause().getMessage());
                }
            }
            if (acked.size() < batch.size()) {
                LOG.info("outbox relay: {} of {} messages acknowledged; the rest wait for the broker", acked.size(),
                        batch.size());
            }
            if (acked.isEmpty()) {
                return Future.succeededFuture(new BatchResult(batch.size(), 0));
            }
            return tx.preparedQuery(DELETE).execute(Tuple.of(acked.toArray(new Long[0])))
                    .map(deleted -> new BatchResult(batch.size(), acked.size()));
        });
    }
}

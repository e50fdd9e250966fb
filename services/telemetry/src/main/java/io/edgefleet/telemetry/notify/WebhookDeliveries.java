package io.edgefleet.telemetry.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The queue of webhook deliveries in {@code telemetry.webhook_deliveries}. Owners (alert channels, event
 * subscriptions) enqueue in the transaction that decided to notify; the {@link DeliveryWorker} POSTs them.
 */
public final class WebhookDeliveries {

    /** The statuses a delivery can have. */
    public static final List<String> STATUSES = List.of("pending", "delivered", "dead");

    static final String COLUMNS = "id, tenant, owner_kind, owner_id, url, status, attempts, max_attempts, last_status, "
            + "last_error, created_at, next_attempt_at, delivered_at";

    private final Pool pool;
    private final Runnable wakeWorker;

    /** @param wakeWorker called after an enqueue outside a transaction, so the worker need not wait for its poll */
    public WebhookDeliveries(Pool pool, Runnable wakeWorker) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.wakeWorker = Objects.requireNonNull(wakeWorker, "wakeWorker");
    }

    /**
     * Queues a delivery in the caller's transaction (or any client). Call {@link #wake()} after the commit so the
     * worker sends it at once.
     */
    public Future<UUID> enqueue(SqlClient tx, Delivery delivery) {
        UUID id = UUID.randomUUID();
        return tx.preparedQuery("INSERT INTO webhook_deliveries (id, tenant, owner_kind, owner_id, url, secret, body, "
                        + "max_attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.of(id, delivery.tenant(), delivery.ownerKind(), delivery.ownerId(),
                        delivery.url().toString(), delivery.secret(), delivery.body()).addInteger(delivery.maxAttempts()))
                .map(id);
    }

    /** Queues a delivery on its own and wakes the worker. */
    public Future<UUID> enqueue(Delivery delivery) {
        return enqueue(pool, delivery).onSuccess(id -> wakeWorker.run());
    }

    /** Tells the worker that deliveries are due. */
    public void wake() {
        wakeWorker.run();
    }

    /**
     * The owner's deliveries, newest first.
     *
     * @param status one of {@link #STATUSES}, or empty for all
     */
    public Future<List<DeliveryRow>> list(String tenant, String ownerKind, String ownerId, Optional<String> status,
                                          int limit) {
        Tuple params = Tuple.of(tenant, ownerKind, ownerId, status.orElse(null)).addInteger(limit);
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE tenant = $1 AND owner_kind = $2 "
                        + "AND owner_id = $3 AND ($4::text IS NULL OR status = $4) ORDER BY created_at DESC, id LIMIT $5")
                .execute(params)
                .map(rows -> {
                    List<DeliveryRow> list = new ArrayList<>();
                    rows.forEach(row -> list.add(toRow(row)));
                    return list;
                });
    }

    /** Sends a dead delivery again (attempts start over); empty when the owner has no such dead delivery. */
    public Future<Optional<DeliveryRow>> redeliver(String tenant, String ownerKind, String ownerId, UUID id) {
        return pool.preparedQuery("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), "
                        + "last_error = NULL, last_status = NULL WHERE id = $1 AND tenant = $2 AND owner_kind = $3 "
                        + "AND owner_id = $4 AND status = 'dead' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, tenant, ownerKind, ownerId))
                .map(rows -> rows.size() == 0 ? Optional.<DeliveryRow>empty() : Optional.of(toRow(rows.iterator().next())))
                .onSuccess(row -> row.ifPresent(r -> wakeWorker.run()));
    }

    /** Forgets the owner's pending deliveries (the channel or subscription was deleted). */
    public Future<Integer> cancel(SqlClient tx, String tenant, String ownerKind, String ownerId) {
        return tx.preparedQuery("DELETE FROM webhook_deliveries WHERE tenant = $1 AND owner_kind = $2 AND owner_id = $3 "
                        + "AND status = 'pending'")
                .execute(Tuple.of(tenant, ownerKind, ownerId))
                .map(rows -> rows.rowCount());
    }

    static DeliveryRow toRow(Row row) {
        return new DeliveryRow(row.getUUID("id"), row.getString("tenant"), row.getString("owner_kind"),
                row.getString("owner_id"), row.getString("url"), row.getString("status"), row.getInteger("attempts"),
                row.getInteger("max_attempts"), row.getInteger("last_status"), row.getString("last_error"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("next_attempt_at"),
                row.getOffsetDateTime("delivered_at"));
    }

    /** For tests and metrics: deliveries per status. */
    public Future<java.util.Map<String, Long>> counts() {
        return pool.query("SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status").execute()
                .map(rows -> {
                    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
                    rows.forEach(row -> counts.put(row.getString("status"), row.getLong("n")));
                    return counts;
                });
    }
}

package io.edgefleet.telemetry.subscription;

import io.edgefleet.kit.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The {@code event_log} table: stores an event once, finds an event's position, reads a tenant's events in order. */
final class EventLogStore {

    /** Where a logged event sits. */
    record Position(long position, OffsetDateTime loggedAt) {
    }

    private static final String INSERT = """
            WITH claimed AS (
                INSERT INTO event_log_ids (tenant, id, position, logged_at)
                VALUES ($1, $2, nextval('event_log_position_seq'), now())
                ON CONFLICT DO NOTHING
                RETURNING position, logged_at)
            INSERT INTO event_log (position, tenant, id, type, logged_at, document)
            SELECT position, $1, $2, $3, logged_at, $4::text::jsonb FROM claimed""";

    private final Pool pool;

    EventLogStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the event unless it is stored already, and then runs {@code alsoOnce} in the same transaction.
     *
     * @return what {@code alsoOnce} returned, or empty when the event was stored before
     */
    <T> Future<Optional<T>> append(EventEnvelope event, BiFunction<SqlClient, EventEnvelope, Future<T>> alsoOnce) {
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
                .execute(Tuple.of(event.tenant(), event.id(), event.shortType(), event.toJson()))
                .compose(rows -> rows.rowCount() == 1
                        ? alsoOnce.apply(tx, event).map(Optional::of)
                        : Future.succeededFuture(Optional.<T>empty())));
    }

    Future<Optional<Position>> find(String tenant, String id) {
        return pool.preparedQuery("SELECT position, logged_at FROM event_log_ids WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new Position(
                        rows.iterator().next().getLong("position"), rows.iterator().next().getOffsetDateTime("logged_at"))));
    }

    /**
     * Up to {@code limit} event documents of the tenant after {@code afterPosition}, in the order they were stored.
     *
     * @param typePrefixes short type prefixes to keep (empty: all)
     */
    Future<List<String>> after(String tenant, long afterPosition, List<String> typePrefixes, boolean includeAudit,
                               int limit) {
        return read(tenant, afterPosition, typePrefixes, includeAudit, limit, "position");
    }

    /** Up to {@code limit} of the tenant's newest event documents, newest first (for "recent events"). */
    Future<List<String>> newest(String tenant, List<String> typePrefixes, boolean includeAudit, int limit) {
        return read(tenant, 0, typePrefixes, includeAudit, limit, "position DESC");
    }

    private Future<List<String>> read(String tenant, long afterPosition, List<String> typePrefixes,
                                      boolean includeAudit, int limit, String order) {
        StringBuilder sql = new StringBuilder("SELECT document::text FROM event_log WHERE tenant = $1 AND position > $2");
        Tuple args = Tuple.of(tenant, afterPosition);
        if (!typePrefixes.isEmpty()) {
            args.addArrayOfString(typePrefixes.stream().map(prefix -> prefix.replace("_", "\\_") + "%")
                    .toArray(String[]::new));
            sql.append(" AND type LIKE ANY($").append(args.size()).append(')');
        }
        if (!includeAudit) {
            sql.append(" AND type NOT LIKE 'audit.%'");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY ").append(order).append(" LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<String> documents = new ArrayList<>(rows.size());
            for (Row row : rows) {
                documents.add(row.getString(0));
            }
            return documents;
        });
    }

    /** Forgets the identities of events logged before {@code oldest} (their partitions are dropped). */
    Future<Integer> forgetBefore(OffsetDateTime oldest) {
        return pool.preparedQuery("DELETE FROM event_log_ids WHERE logged_at < $1").execute(Tuple.of(oldest))
                .map(rows -> rows.rowCount());
    }
}

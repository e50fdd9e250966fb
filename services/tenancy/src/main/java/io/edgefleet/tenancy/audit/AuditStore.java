package io.edgefleet.tenancy.audit;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The audit log in PostgreSQL ({@code audit_entries}, see {@code V2__audit.sql}). */
public final class AuditStore {

    /** One page of entries, newest first, and the cursor of the next page (empty on the last). */
    record Page(List<AuditEntry> items, Optional<String> next) {
    }

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String COLUMNS = "id, tenant, actor_kind, actor_id, actor_name, action, target, method, status,"
            + " outcome, source_ip, occurred_at, source, recorded_at";
    // the tenant's log holds the entry only while the tenant exists; ON CONFLICT: a redelivered event is stored once
    private static final String INSERT = """
            INSERT INTO audit_entries (id, tenant, log_tenant, actor_kind, actor_id, actor_name, action, target, method,
                                       status, outcome, source_ip, occurred_at, source)
            VALUES ($1, $2, (SELECT id FROM tenants WHERE id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO NOTHING""";

    private final Pool pool;

    public AuditStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Stores an entry; true when stored, false when an entry with its id was stored before. */
    public Future<Boolean> insert(AuditEntry entry) {
        // the tenant may be deleted between the sub-select and the foreign key check; then it is gone for the retry
        return tryInsert(entry).recover(failure -> failure instanceof PgException pg
                && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()) ? tryInsert(entry) : Future.failedFuture(failure));
    }

    private Future<Boolean> tryInsert(AuditEntry entry) {
        Tuple values = Tuple.of(entry.id(), entry.tenant(), entry.actor().kind(), entry.actor().id(), entry.actor().name(),
                        entry.action(), entry.target(), entry.method())
                .addShort((short) entry.status())
                .addString(entry.outcome())
                .addString(entry.sourceIp())
                .addOffsetDateTime(entry.time().atOffset(ZoneOffset.UTC))
                .addString(entry.source());
        return pool.preparedQuery(INSERT).execute(values).map(rows -> rows.rowCount() == 1);
    }

    /** The page the query asks for. */
    Future<Page> page(AuditQuery query) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_entries WHERE true");
        query.logTenant().ifPresent(t -> condition(sql, values, "log_tenant = $", t));
        query.tenant().ifPresent(t -> condition(sql, values, "tenant = $", t));
        query.actor().ifPresent(a -> condition(sql, values, "actor_id = $", a));
        query.action().ifPresent(a -> condition(sql, values, "action = $", a));
        query.actionPrefix().ifPresent(p -> condition(sql, values, "starts_with(action, $", p).append(')'));
        query.outcome().ifPresent(o -> condition(sql, values, "outcome = $", o));
        query.targetPrefix().ifPresent(p -> condition(sql, values, "starts_with(target, $", p).append(')'));
        query.since().ifPresent(s -> condition(sql, values, "occurred_at >= $", utc(s)));
        query.until().ifPresent(u -> condition(sql, values, "occurred_at < $", utc(u)));
        query.after().ifPresent(cursor -> {
            condition(sql, values, "(occurred_at, id) < ($", utc(cursor.time())).append("::timestamptz, $");
            values.add(cursor.id());
            sql.append(values.size()).append("::text)");
        });
        values.add(query.limit() + 1);
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT $").append(values.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(rows -> {
            List<AuditEntry> items = new ArrayList<>();
            rows.forEach(row -> items.add(entry(row)));
            if (items.size() <= query.limit()) {
                return new Page(items, Optional.empty());
            }
            List<AuditEntry> page = List.copyOf(items.subList(0, query.limit()));
            AuditEntry last = page.get(page.size() - 1);
            return new Page(page, Optional.of(new AuditCursor(last.time(), last.id()).encode()));
        });
    }

    // appends " AND <prefix><n>" where n is the value's parameter number
    private static StringBuilder condition(StringBuilder sql, List<Object> values, String prefix, Object value) {
        values.add(value);
        return sql.append(" AND ").append(prefix).append(values.size());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AuditEntry entry(Row row) {
        return new AuditEntry(row.getString("id"), row.getString("tenant"),
                new AuditEntry.Actor(row.getString("actor_kind"), row.getString("actor_id"), row.getString("actor_name")),
                row.getString("action"), row.getString("target"), row.getString("method"), row.getShort("status"),
                row.getString("outcome"), row.getString("source_ip"), row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("source"), row.getOffsetDateTime("recorded_at").toInstant());
    }
}

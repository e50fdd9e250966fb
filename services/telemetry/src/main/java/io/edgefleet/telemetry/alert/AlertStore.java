package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code alerts} table: what the evaluator changes and what the API reads. */
final class AlertStore {

    private static final String OPEN = "SELECT " + Alert.COLUMNS + " FROM alerts WHERE tenant = $1 AND state IN ('pending', 'firing')";
    private static final String RESOLVED_UNNOTIFIED = "SELECT " + Alert.COLUMNS
            + " FROM alerts WHERE tenant = $1 AND state = 'resolved' AND notified";
    private static final String INSERT = """
            INSERT INTO alerts (id, tenant, rule_id, series, state, severity, labels, annotations, value, active_since, fired_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9, $10, $11) RETURNING""" + " " + Alert.COLUMNS;
    private static final String OBSERVE = """
            UPDATE alerts SET value = $2, severity = $3, labels = $4::text::jsonb, annotations = $5::text::jsonb,
                   state = $6, fired_at = $7, updated_at = now()
             WHERE id = $1 RETURNING""" + " " + Alert.COLUMNS;
    private static final String RESOLVE = """
            UPDATE alerts SET state = 'resolved', resolved_at = $2, resolve_reason = $3, updated_at = now()
             WHERE id = $1 RETURNING""" + " " + Alert.COLUMNS;
    private static final String DROP_PENDING = "DELETE FROM alerts WHERE id = $1 AND state = 'pending'";
    private static final String MARK = "UPDATE alerts SET silenced = $2, notified = $3, channels = $4::text::jsonb, "
            + "notified_at = CASE WHEN $3 AND NOT notified THEN now() ELSE notified_at END WHERE id = $1";
    private static final String RESENT = "UPDATE alerts SET notified_at = now() WHERE id = $1";
    private static final String DUE_FOR_RESEND = "SELECT id FROM alerts WHERE tenant = $1 AND state = 'firing' AND notified "
            + "AND NOT silenced AND notified_at < $2";
    private static final String GET = "SELECT " + Alert.COLUMNS + " FROM alerts WHERE tenant = $1 AND id = $2";
    private static final String PAGE = "SELECT " + Alert.COLUMNS + """
             FROM alerts WHERE tenant = $1 AND ($2::text IS NULL OR state = $2)
              AND ($3::timestamptz IS NULL OR (active_since, id) < ($3, $4))
            ORDER BY active_since DESC, id DESC LIMIT $5""";

    private final SqlClient db;

    AlertStore(SqlClient db) {
        this.db = db;
    }

    Future<List<Alert>> open(String tenant) {
        return db.preparedQuery(OPEN).execute(Tuple.of(tenant)).map(AlertStore::all);
    }

    /** Resolved alerts whose firing was notified and whose resolution was not yet. */
    Future<List<Alert>> resolvedToNotify(String tenant) {
        return db.preparedQuery(RESOLVED_UNNOTIFIED).execute(Tuple.of(tenant)).map(AlertStore::all);
    }

    Future<Alert> insert(String tenant, String ruleId, String series, String state, String severity,
                         Map<String, String> labels, Map<String, String> annotations, double value,
                         OffsetDateTime activeSince, OffsetDateTime firedAt) {
        return db.preparedQuery(INSERT).execute(Tuple.from(new Object[]{UUID.randomUUID(), tenant, ruleId, series, state,
                        severity, Json.write(labels), Json.write(annotations), value, activeSince, firedAt}))
                .map(rows -> Alert.from(rows.iterator().next()));
    }

    Future<Alert> observe(UUID id, double value, String severity, Map<String, String> labels,
                          Map<String, String> annotations, String state, OffsetDateTime firedAt) {
        return db.preparedQuery(OBSERVE).execute(Tuple.from(new Object[]{id, value, severity, Json.write(labels),
                Json.write(annotations), state, firedAt})).map(rows -> Alert.from(rows.iterator().next()));
    }

    Future<Alert> resolve(UUID id, OffsetDateTime at, String reason) {
        return db.preparedQuery(RESOLVE).execute(Tuple.of(id, at, reason)).map(rows -> Alert.from(rows.iterator().next()));
    }

    Future<Void> dropPending(UUID id) {
        return db.preparedQuery(DROP_PENDING).execute(Tuple.of(id)).mapEmpty();
    }

    Future<Void> mark(UUID id, boolean silenced, boolean notified, List<UUID> channels) {
        return db.preparedQuery(MARK).execute(Tuple.of(id, silenced, notified,
                Json.write(channels.stream().map(UUID::toString).toList()))).mapEmpty();
    }

    /** Firing, notified alerts last notified before {@code before}. */
    Future<Set<UUID>> dueForResend(String tenant, OffsetDateTime before) {
        return db.preparedQuery(DUE_FOR_RESEND).execute(Tuple.of(tenant, before)).map(rows -> {
            Set<UUID> ids = new HashSet<>();
            rows.forEach(row -> ids.add(row.getUUID("id")));
            return ids;
        });
    }

    Future<Void> resent(UUID id) {
        return db.preparedQuery(RESENT).execute(Tuple.of(id)).mapEmpty();
    }

    Future<Optional<Alert>> get(String tenant, UUID id) {
        return db.preparedQuery(GET).execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Alert.from(rows.iterator().next())));
    }

    /** A page, newest first; {@code state} null for all; the cursor is the last alert of the previous page. */
    Future<List<Alert>> page(String tenant, String state, OffsetDateTime afterActiveSince, UUID afterId, int limit) {
        return db.preparedQuery(PAGE).execute(Tuple.of(tenant, state, afterActiveSince, afterId, limit)).map(AlertStore::all);
    }

    private static List<Alert> all(Iterable<Row> rows) {
        List<Alert> alerts = new ArrayList<>();
        rows.forEach(row -> alerts.add(Alert.from(row)));
        return alerts;
    }
}

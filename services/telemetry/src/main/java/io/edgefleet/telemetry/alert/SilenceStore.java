package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code silences} table. */
final class SilenceStore {

    private static final String COLUMNS = "id, tenant, matchers::text AS matchers, starts_at, ends_at, created_by, comment";
    private static final String INSERT = "INSERT INTO silences (id, tenant, matchers, starts_at, ends_at, created_by, comment) "
            + "VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7)";
    private static final String UPDATE = "UPDATE silences SET matchers = $3::text::jsonb, starts_at = $4, ends_at = $5, "
            + "created_by = $6, comment = $7 WHERE id = $1 AND tenant = $2";
    private static final String LIST = "SELECT " + COLUMNS + " FROM silences WHERE tenant = $1 AND ($2 OR ends_at > $3) "
            + "ORDER BY starts_at DESC, id LIMIT 1000";
    private static final String ACTIVE = "SELECT " + COLUMNS + " FROM silences WHERE tenant = $1 AND starts_at <= $2 AND ends_at > $2";
    private static final String GET = "SELECT " + COLUMNS + " FROM silences WHERE tenant = $1 AND id = $2";
    private static final String DELETE = "DELETE FROM silences WHERE tenant = $1 AND id = $2";

    private final SqlClient db;

    SilenceStore(SqlClient db) {
        this.db = db;
    }

    Future<Silence> insert(Silence s) {
        return db.preparedQuery(INSERT).execute(tuple(s)).map(s);
    }

    Future<Boolean> update(Silence s) {
        return db.preparedQuery(UPDATE).execute(tuple(s)).map(rows -> rows.rowCount() > 0);
    }

    Future<List<Silence>> list(String tenant, boolean withExpired, OffsetDateTime now) {
        return db.preparedQuery(LIST).execute(Tuple.of(tenant, withExpired, now)).map(SilenceStore::all);
    }

    Future<List<Silence>> active(String tenant, OffsetDateTime now) {
        return db.preparedQuery(ACTIVE).execute(Tuple.of(tenant, now)).map(SilenceStore::all);
    }

    Future<Optional<Silence>> get(String tenant, UUID id) {
        return db.preparedQuery(GET).execute(Tuple.of(tenant, id))
                .map(rows -> all(rows).stream().findFirst());
    }

    Future<Boolean> delete(String tenant, UUID id) {
        return db.preparedQuery(DELETE).execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() > 0);
    }

    private static Tuple tuple(Silence s) {
        return Tuple.from(new Object[]{s.id(), s.tenant(), Json.write(Silence.matchersJson(s.matchers())), s.startsAt(),
                s.endsAt(), s.createdBy(), s.comment()});
    }

    private static List<Silence> all(Iterable<Row> rows) {
        List<Silence> silences = new ArrayList<>();
        for (Row row : rows) {
            silences.add(new Silence(row.getUUID("id"), row.getString("tenant"),
                    Silence.matchers(Json.parse(Buffer.buffer(row.getString("matchers")))),
                    row.getOffsetDateTime("starts_at"), row.getOffsetDateTime("ends_at"), row.getString("created_by"),
                    row.getString("comment")));
        }
        return silences;
    }
}

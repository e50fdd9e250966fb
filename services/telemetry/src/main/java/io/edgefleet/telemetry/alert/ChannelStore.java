package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code notification_channels} table. */
final class ChannelStore {

    private static final String COLUMNS = "id, tenant, name, kind, url, secret, is_default";
    private static final String INSERT = "INSERT INTO notification_channels (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
    private static final String UPDATE = "UPDATE notification_channels SET name = $3, kind = $4, url = $5, secret = $6, "
            + "is_default = $7 WHERE id = $1 AND tenant = $2";
    private static final String LIST = "SELECT " + COLUMNS + " FROM notification_channels WHERE tenant = $1 ORDER BY created_at, id";
    private static final String GET = "SELECT " + COLUMNS + " FROM notification_channels WHERE tenant = $1 AND id = $2";
    private static final String DELETE = "DELETE FROM notification_channels WHERE tenant = $1 AND id = $2";
    private static final String FOR_ALERT = "SELECT " + COLUMNS + " FROM notification_channels WHERE tenant = $1 "
            + "AND (CASE WHEN cardinality($2::uuid[]) = 0 THEN is_default ELSE id = ANY($2::uuid[]) END) ORDER BY id";

    /** Another channel of the tenant has that name. */
    static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String name) {
            super("the tenant already has a notification channel named '" + name + "'");
        }
    }

    private final SqlClient db;

    ChannelStore(SqlClient db) {
        this.db = db;
    }

    Future<Channel> insert(Channel c) {
        return db.preparedQuery(INSERT).execute(tuple(c)).recover(e -> Future.failedFuture(nameTaken(e, c))).map(c);
    }

    Future<Boolean> update(Channel c) {
        return db.preparedQuery(UPDATE).execute(tuple(c)).recover(e -> Future.failedFuture(nameTaken(e, c)))
                .map(rows -> rows.rowCount() > 0);
    }

    Future<List<Channel>> list(String tenant) {
        return db.preparedQuery(LIST).execute(Tuple.of(tenant)).map(ChannelStore::all);
    }

    Future<Optional<Channel>> get(String tenant, UUID id) {
        return db.preparedQuery(GET).execute(Tuple.of(tenant, id)).map(rows -> all(rows).stream().findFirst());
    }

    Future<Boolean> delete(String tenant, UUID id) {
        return db.preparedQuery(DELETE).execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() > 0);
    }

    /** The channels of these ids; the tenant's default channels when {@code ids} is empty. */
    Future<List<Channel>> forAlert(String tenant, List<UUID> ids) {
        return db.preparedQuery(FOR_ALERT).execute(Tuple.of(tenant).addArrayOfUUID(ids.toArray(UUID[]::new))).map(ChannelStore::all);
    }

    /** Fails with 422 at {@code /channels} when one of the ids is not a channel of the tenant. */
    Future<Void> checkExist(String tenant, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return forAlert(tenant, ids).map(found -> {
            List<UUID> missing = new ArrayList<>(ids);
            found.forEach(c -> missing.remove(c.id()));
            if (!missing.isEmpty()) {
                throw ProblemException.validation(List.of(new FieldError("/channels",
                        "no notification channel " + missing.get(0) + " in this tenant")));
            }
            return null;
        });
    }

    private static Tuple tuple(Channel c) {
        return Tuple.from(new Object[]{c.id(), c.tenant(), c.name(), c.kind(), c.url(), c.secret(), c.isDefault()});
    }

    private static Throwable nameTaken(Throwable e, Channel c) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new NameTakenException(c.name()) : e;
    }

    private static List<Channel> all(Iterable<Row> rows) {
        List<Channel> channels = new ArrayList<>();
        for (Row r : rows) {
            channels.add(new Channel(r.getUUID("id"), r.getString("tenant"), r.getString("name"), r.getString("kind"),
                    r.getString("url"), r.getString("secret"), r.getBoolean("is_default")));
        }
        return channels;
    }
}

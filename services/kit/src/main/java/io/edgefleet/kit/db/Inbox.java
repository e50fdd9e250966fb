package io.edgefleet.kit.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * Consumer-side deduplication: record an event id in the {@code inbox} table in the same transaction that
 * applies the event. A redelivered event finds its id already there.
 */
public final class Inbox {

    // ON CONFLICT instead of catching SQLSTATE 23505: same meaning, and the caller's transaction stays usable
    private static final String INSERT = "INSERT INTO inbox (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING";

    private Inbox() {
    }

    /**
     * @return true when this is the first delivery (the id was recorded), false when the id was recorded
     *         before. With false, the caller skips the work; its transaction is still usable.
     */
    public static Future<Boolean> firstDelivery(SqlConnection tx, String eventId) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(eventId, "eventId");
        if (eventId.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("event id must not be empty"));
        }
        return tx.preparedQuery(INSERT).execute(Tuple.of(eventId)).map(rows -> rows.rowCount() == 1);
    }
}

package io.edgefleet.kit.db;

import io.edgefleet.kit.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;

/**
 * Writes messages to publish into the {@code outbox} table, inside the caller's transaction, so a state
 * change and its event commit or roll back together. {@link OutboxRelay} publishes them.
 */
public final class Outbox {

    static final String INSERT = "INSERT INTO outbox (topic, payload, retain, qos) VALUES ($1, $2, $3, 1)";

    private Outbox() {
    }

    /** Queues an event for {@code fleet/v1/{tenant}/events/{shortType}} (QoS 1, not retained). */
    public static Future<Void> append(SqlConnection tx, EventEnvelope event) {
        Objects.requireNonNull(event, "event");
        return append(tx, event.topic(), event.toBuffer(), false);
    }

    /** Queues several events in one batched statement (one round trip), in the given order. */
    public static Future<Void> appendAll(SqlConnection tx, List<EventEnvelope> events) {
        Objects.requireNonNull(tx, "tx");
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = events.stream().map(event -> Tuple.of(event.topic(), event.toBuffer(), false)).toList();
        return tx.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
    }

    /**
     * Queues any message (QoS 1), e.g. a retained document, or an empty retained payload that clears a
     * retained topic.
     */
    public static Future<Void> append(SqlConnection tx, String topic, Buffer payload, boolean retain) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return Future.failedFuture(new IllegalArgumentException("'" + topic + "' is not a topic name to publish to"));
        }
        return tx.preparedQuery(INSERT).execute(Tuple.of(topic, payload, retain)).mapEmpty();
    }
}

package io.edgefleet.telemetry.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one validated log batch: its identity and its lines in one transaction, the lines with a single
 * {@code INSERT ... SELECT FROM unnest(...)}. A batch whose (stream, seq) is already stored writes nothing.
 */
final class LogStore {

    /** What storing a batch did. */
    record Stored(boolean duplicate, int lines, int outOfRange) {
    }

    private static final String CLAIM = """
            INSERT INTO log_batches (tenant, endpoint, stream, seq, lines, dropped_lines)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING""";
    private static final String LINES = """
            INSERT INTO logs (tenant, endpoint, container, app, stream, ts, text)
            SELECT $1, $2, l.container, l.app, l.stream, l.ts, l.text
            FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
                 AS l(container, app, stream, ts, text)""";

    private final Pool pool;

    LogStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param from lines before this are not stored (their partition is gone or was never made): counted instead
     * @param to   lines at or after this are not stored (no partition yet): counted instead
     */
    Future<Stored> store(String tenant, String endpoint, JsonNode batch, OffsetDateTime from, OffsetDateTime to) {
        List<String> containers = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int outOfRange = 0;
        for (JsonNode line : batch.path("lines")) {
            OffsetDateTime at = OffsetDateTime.parse(line.path("at").asText());
            if (at.isBefore(from) || !at.isBefore(to)) {
                outOfRange++;
                continue;
            }
            containers.add(line.path("container").asText());
            apps.add(line.hasNonNull("app") ? line.path("app").asText() : null);
            streams.add(line.path("stream").asText());
            times.add(at);
            texts.add(line.path("text").asText());
        }
        int kept = texts.size();
        int skipped = outOfRange;
        Tuple claim = Tuple.of(tenant, endpoint, batch.path("stream").asText(), batch.path("seq").asLong(),
                batch.path("lines").size(), batch.path("droppedLines").asLong(0));
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(claim).compose(claimed -> {
            if (claimed.rowCount() == 0) {
                return Future.succeededFuture(new Stored(true, 0, 0));
            }
            if (kept == 0) {
                return Future.succeededFuture(new Stored(false, 0, skipped));
            }
            Tuple lines = Tuple.of(tenant, endpoint, containers.toArray(String[]::new), apps.toArray(String[]::new),
                    streams.toArray(String[]::new)).addArrayOfOffsetDateTime(times.toArray(OffsetDateTime[]::new))
                    .addArrayOfString(texts.toArray(String[]::new));
            return tx.preparedQuery(LINES).execute(lines).map(done -> new Stored(false, kept, skipped));
        }));
    }

    /** Forgets batch identities older than the oldest retained lines. */
    Future<Integer> forgetBatchesBefore(OffsetDateTime oldest) {
        return pool.preparedQuery("DELETE FROM log_batches WHERE received_at < $1").execute(Tuple.of(oldest))
                .map(rows -> rows.rowCount());
    }
}

package io.edgefleet.telemetry.metrics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls closed minutes up from {@code samples} into {@code samples_1m} and closed hours from {@code samples_1m} into
 * {@code samples_1h}. Works off {@code metric_rollup_pending}, which every sample write marks in its own transaction:
 * a bucket is recomputed in full from the finer table (ON CONFLICT DO UPDATE), so a rerun or a late batch that
 * re-marks an old minute gives the same result as if all samples had come in time. The marks are taken with
 * {@code DELETE ... RETURNING} as the first statement of the transaction: a write that commits afterwards marks its
 * minute again and the next run picks it up.
 */
final class Rollups {

    /** What one run rolled up. */
    record Result(int minutes, int hours) {
    }

    private static final String PENDING_DAYS = """
            SELECT DISTINCT date_trunc('day', bucket, 'UTC') FROM telemetry.metric_rollup_pending
            WHERE resolution = $1 AND bucket < date_trunc($2, now(), 'UTC')""";
    private static final String TAKE = """
            DELETE FROM telemetry.metric_rollup_pending
            WHERE resolution = $1 AND bucket < date_trunc($2, now(), 'UTC')
            RETURNING bucket""";
    private static final String ROLL_MINUTES = """
            INSERT INTO telemetry.samples_1m AS r
                (tenant, endpoint, metric, container, device, bucket, min_value, max_value, sum_value, count, last_value)
            SELECT tenant, endpoint, metric, container, device, date_trunc('minute', ts),
                   min(value), max(value), sum(value), count(*), (array_agg(value ORDER BY ts DESC))[1]
            FROM telemetry.samples
            WHERE ts >= $2 AND ts < $3 AND date_trunc('minute', ts) = ANY($1::timestamptz[])
            GROUP BY tenant, endpoint, metric, container, device, date_trunc('minute', ts)
            ON CONFLICT (tenant, endpoint, metric, container, device, bucket) DO UPDATE SET
                min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, sum_value = EXCLUDED.sum_value,
                count = EXCLUDED.count, last_value = EXCLUDED.last_value""";
    private static final String ROLL_HOURS = """
            INSERT INTO telemetry.samples_1h AS r
                (tenant, endpoint, metric, container, device, bucket, min_value, max_value, sum_value, count, last_value)
            SELECT tenant, endpoint, metric, container, device, date_trunc('hour', bucket, 'UTC'),
                   min(min_value), max(max_value), sum(sum_value), sum(count), (array_agg(last_value ORDER BY bucket DESC))[1]
            FROM telemetry.samples_1m
            WHERE bucket >= $2 AND bucket < $3 AND date_trunc('hour', bucket, 'UTC') = ANY($1::timestamptz[])
            GROUP BY tenant, endpoint, metric, container, device, date_trunc('hour', bucket, 'UTC')
            ON CONFLICT (tenant, endpoint, metric, container, device, bucket) DO UPDATE SET
                min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, sum_value = EXCLUDED.sum_value,
                count = EXCLUDED.count, last_value = EXCLUDED.last_value""";
    private static final String MARK_HOURS = """
            INSERT INTO telemetry.metric_rollup_pending (resolution, bucket)
            SELECT DISTINCT '1h', date_trunc('hour', b, 'UTC') FROM unnest($1::timestamptz[]) AS b
            ON CONFLICT DO NOTHING""";

    private final Pool pool;
    private final SamplePartitions partitions;

    Rollups(Pool pool, SamplePartitions partitions) {
        this.pool = pool;
        this.partitions = partitions;
    }

    /** Rolls up every closed minute, then every closed hour, that has pending marks. */
    Future<Result> run() {
        return roll("1m", "minute", SamplePartitions.Table.MINUTES, ROLL_MINUTES, 60)
                .compose(minutes -> roll("1h", "hour", SamplePartitions.Table.HOURS, ROLL_HOURS, 3600)
                        .map(hours -> new Result(minutes, hours)));
    }

    private Future<Integer> roll(String resolution, String unit, SamplePartitions.Table target, String rollSql,
                                 int bucketSeconds) {
        return pool.withConnection(c -> c.preparedQuery(PENDING_DAYS).execute(Tuple.of(resolution, unit))
                        .compose(days -> {
                            Future<Void> chain = Future.succeededFuture();
                            for (Row day : days) {
                                Instant at = day.getOffsetDateTime(0).toInstant();
                                chain = chain.compose(v -> partitions.ensure(c, target, at));
                            }
                            return chain;
                        }))
                .compose(v -> pool.withTransaction(tx -> tx.preparedQuery(TAKE).execute(Tuple.of(resolution, unit))
                        .compose(rows -> {
                            List<OffsetDateTime> buckets = new ArrayList<>();
                            rows.forEach(r -> buckets.add(r.getOffsetDateTime(0)));
                            if (buckets.isEmpty()) {
                                return Future.succeededFuture(0);
                            }
                            return recompute(tx, rollSql, buckets, bucketSeconds, resolution.equals("1m"))
                                    .map(buckets.size());
                        })));
    }

    private Future<Void> recompute(SqlConnection tx, String rollSql, List<OffsetDateTime> buckets, int bucketSeconds,
                                   boolean markHours) {
        OffsetDateTime[] array = buckets.toArray(OffsetDateTime[]::new);
        OffsetDateTime from = buckets.stream().min(OffsetDateTime::compareTo).orElseThrow();
        OffsetDateTime to = buckets.stream().max(OffsetDateTime::compareTo).orElseThrow().plusSeconds(bucketSeconds);
        Future<Void> rolled = tx.preparedQuery(rollSql)
                .execute(Tuple.of(array, from.withOffsetSameInstant(ZoneOffset.UTC), to.withOffsetSameInstant(ZoneOffset.UTC)))
                .mapEmpty();
        return markHours ? rolled.compose(v -> tx.preparedQuery(MARK_HOURS).execute(Tuple.of((Object) array)).mapEmpty())
                : rolled;
    }
}

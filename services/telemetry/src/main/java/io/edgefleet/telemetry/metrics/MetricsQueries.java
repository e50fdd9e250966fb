package io.edgefleet.telemetry.metrics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;

/** The metric reads, every one restricted to one tenant. */
final class MetricsQueries {

    private static final String SERIES_RAW = """
            SELECT container, device, date_bin(make_interval(secs => $8), ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS t,
                   avg(value) AS avg, min(value) AS min, max(value) AS max, count(*) AS count
            FROM telemetry.samples
            WHERE tenant = $1 AND endpoint = $2 AND metric = $3 AND ts >= $4 AND ts < $5
              AND ($6::text IS NULL OR container = $6) AND ($7::text IS NULL OR device = $7)
            GROUP BY container, device, t ORDER BY container, device, t""";
    private static final String SERIES_ROLLUP = """
            SELECT container, device, date_bin(make_interval(secs => $8), bucket, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS t,
                   sum(sum_value) / sum(count) AS avg, min(min_value) AS min, max(max_value) AS max, sum(count) AS count
            FROM telemetry.%s
            WHERE tenant = $1 AND endpoint = $2 AND metric = $3 AND bucket >= $4 AND bucket < $5
              AND ($6::text IS NULL OR container = $6) AND ($7::text IS NULL OR device = $7)
            GROUP BY container, device, t ORDER BY container, device, t""";
    private static final String LATEST = """
            SELECT DISTINCT ON (endpoint, metric, container, device) endpoint, metric, container, device, app, ts, value
            FROM telemetry.samples
            WHERE tenant = $1 AND ts >= now() - make_interval(secs => $2)
              AND ($3::text IS NULL OR endpoint = $3) AND ($4::text IS NULL OR metric = $4)
            ORDER BY endpoint, metric, container, device, ts DESC""";
    private static final String TOP = """
            SELECT * FROM (
                SELECT DISTINCT ON (endpoint, container, device) endpoint, container, device, app, ts, value
                FROM telemetry.samples
                WHERE tenant = $1 AND metric = $2 AND ts >= now() - make_interval(secs => $3)
                  AND ($4::text IS NULL OR endpoint = $4)
                ORDER BY endpoint, container, device, ts DESC) latest
            ORDER BY value DESC, endpoint, container, device LIMIT $5""";
    private static final String DROPS = """
            SELECT endpoint, sum(dropped_batches) AS batches, sum(dropped_samples) AS samples,
                   max(last_collected) AS last_collected
            FROM telemetry.metric_streams
            WHERE tenant = $1 AND ($2::text IS NULL OR endpoint = $2)
            GROUP BY endpoint ORDER BY endpoint""";
    private static final String ENDPOINTS = """
            SELECT endpoint, name, online FROM telemetry.endpoints WHERE tenant = $1 ORDER BY endpoint""";

    private final Pool pool;

    MetricsQueries(Pool pool) {
        this.pool = pool;
    }

    Future<RowSet<Row>> series(String tenant, SeriesQuery q) {
        String sql = switch (q.resolution()) {
            case RAW -> SERIES_RAW;
            case MINUTE -> SERIES_ROLLUP.formatted("samples_1m");
            case HOUR -> SERIES_ROLLUP.formatted("samples_1h");
        };
        return pool.preparedQuery(sql).execute(Tuple.from(new Object[] {tenant, q.endpoint(), q.metric(),
                q.from().atOffset(ZoneOffset.UTC), q.to().atOffset(ZoneOffset.UTC), q.container(), q.device(),
                (double) q.step().toSeconds()}));
    }

    /** The newest sample of each series within {@code window}; {@code endpoint} and {@code metric} may be null. */
    Future<RowSet<Row>> latest(String tenant, Duration window, String endpoint, String metric) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(tenant, (double) window.toSeconds(), endpoint, metric));
    }

    Future<RowSet<Row>> top(String tenant, String metric, Duration window, String endpoint, int n) {
        return pool.preparedQuery(TOP).execute(Tuple.of(tenant, metric, (double) window.toSeconds(), endpoint, n));
    }

    Future<RowSet<Row>> drops(String tenant, String endpoint) {
        return pool.preparedQuery(DROPS).execute(Tuple.of(tenant, endpoint));
    }

    Future<RowSet<Row>> endpoints(String tenant) {
        return pool.preparedQuery(ENDPOINTS).execute(Tuple.of(tenant));
    }
}

package io.edgefleet.telemetry.metrics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes accepted batches in one transaction: their identities into {@code metric_batches} (a batch already there is
 * a duplicate and its samples are skipped), the new batches' samples with one {@code INSERT ... SELECT FROM unnest}
 * into {@code samples}, the streams' drop counters into {@code metric_streams} (only ever growing) and the touched
 * minutes into {@code metric_rollup_pending}.
 */
final class SampleWriter {

    /** What one write stored. */
    record Result(int batches, int duplicates, int samples) {
    }

    private static final String INSERT_BATCHES = """
            INSERT INTO telemetry.metric_batches (tenant, endpoint, stream, seq, collected)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::timestamptz[])
            ON CONFLICT DO NOTHING
            RETURNING tenant, endpoint, stream, seq""";
    private static final String INSERT_SAMPLES = """
            INSERT INTO telemetry.samples (tenant, endpoint, metric, container, device, app, ts, value)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                 $7::timestamptz[], $8::float8[])""";
    private static final String UPSERT_STREAMS = """
            INSERT INTO telemetry.metric_streams AS s
                (tenant, endpoint, stream, dropped_batches, dropped_samples, last_seq, last_collected)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::timestamptz[])
            ON CONFLICT (tenant, endpoint, stream) DO UPDATE SET
                dropped_batches = GREATEST(s.dropped_batches, EXCLUDED.dropped_batches),
                dropped_samples = GREATEST(s.dropped_samples, EXCLUDED.dropped_samples),
                last_seq = GREATEST(s.last_seq, EXCLUDED.last_seq),
                last_collected = GREATEST(s.last_collected, EXCLUDED.last_collected)""";
    private static final String MARK_MINUTES = """
            INSERT INTO telemetry.metric_rollup_pending (resolution, bucket)
            SELECT '1m', b FROM unnest($1::timestamptz[]) AS b
            ON CONFLICT DO NOTHING""";

    private final Pool pool;
    private final SamplePartitions partitions;

    SampleWriter(Pool pool, SamplePartitions partitions) {
        this.pool = pool;
        this.partitions = partitions;
    }

    Future<Result> write(List<MetricBatch> batches) {
        // one order for every writer: concurrent writes then lock shared rows in the same order (no deadlock)
        List<MetricBatch> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparing(MetricBatch::key));
        Set<Instant> days = new HashSet<>();
        sorted.forEach(b -> days.add(b.at().truncatedTo(ChronoUnit.DAYS)));
        return pool.withConnection(c -> partitions.ensureSamples(c, days))
                .compose(v -> pool.withTransaction(tx -> write(tx, sorted)));
    }

    private Future<Result> write(SqlConnection tx, List<MetricBatch> batches) {
        int n = batches.size();
        String[] tenants = new String[n];
        String[] endpoints = new String[n];
        String[] streams = new String[n];
        Long[] seqs = new Long[n];
        OffsetDateTime[] collected = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            MetricBatch b = batches.get(i);
            tenants[i] = b.tenant();
            endpoints[i] = b.endpoint();
            streams[i] = b.stream();
            seqs[i] = b.seq();
            collected[i] = b.at().atOffset(ZoneOffset.UTC);
        }
        return tx.preparedQuery(INSERT_BATCHES)
                .execute(Tuple.of(tenants, endpoints, streams, seqs, collected))
                .compose(rows -> {
                    Set<String> fresh = new HashSet<>();
                    for (Row r : rows) {
                        fresh.add(MetricBatch.key(r.getString(0), r.getString(1), r.getString(2), r.getLong(3)));
                    }
                    List<MetricBatch> stored = new ArrayList<>();
                    for (MetricBatch b : batches) {
                        // a batch twice in one write: the first one is stored, the second is the duplicate
                        if (fresh.remove(b.key())) {
                            stored.add(b);
                        }
                    }
                    return insertSamples(tx, stored)
                            .compose(samples -> upsertStreams(tx, batches)
                                    .compose(v -> markMinutes(tx, stored))
                                    .map(v -> new Result(stored.size(), n - stored.size(), samples)));
                });
    }

    private Future<Integer> insertSamples(SqlConnection tx, List<MetricBatch> stored) {
        int total = stored.stream().mapToInt(b -> b.samples().size()).sum();
        if (total == 0) {
            return Future.succeededFuture(0);
        }
        return tx.preparedQuery(INSERT_SAMPLES).execute(Tuple.from(sampleColumns(stored, total))).map(total);
    }

    /**
     * The parameters of {@link #INSERT_SAMPLES}: eight column arrays (tenant, endpoint, metric, container, device, app,
     * ts, value), one element per sample of {@code stored}.
     *
     * @param total the number of samples in {@code stored}
     */
    static Object[] sampleColumns(List<MetricBatch> stored, int total) {
        String[] tenant = new String[total];
        String[] endpoint = new String[total];
        String[] metric = new String[total];
        String[] container = new String[total];
        String[] device = new String[total];
        String[] app = new String[total];
        OffsetDateTime[] ts = new OffsetDateTime[total];
        Double[] value = new Double[total];
        int i = 0;
        for (MetricBatch b : stored) {
            OffsetDateTime at = b.at().atOffset(ZoneOffset.UTC);
            for (MetricBatch.Sample s : b.samples()) {
                tenant[i] = b.tenant();
                endpoint[i] = b.endpoint();
                metric[i] = s.metric();
                container[i] = s.container();
                device[i] = s.device();
                app[i] = s.app();
                ts[i] = at;
                value[i] = s.value();
                i++;
            }
        }
        return new Object[] {tenant, endpoint, metric, container, device, app, ts, value};
    }

    private Future<Void> upsertStreams(SqlConnection tx, List<MetricBatch> batches) {
        // one row per stream: ON CONFLICT DO UPDATE may not touch a row twice in one statement
        Map<String, long[]> counters = new TreeMap<>();
        Map<String, MetricBatch> newest = new HashMap<>();
        for (MetricBatch b : batches) {
            String stream = b.tenant() + '\u0000' + b.endpoint() + '\u0000' + b.stream();
            long[] c = counters.computeIfAbsent(stream, k -> new long[] {0, 0});
            c[0] = Math.max(c[0], b.droppedBatches());
            c[1] = Math.max(c[1], b.droppedSamples());
            newest.merge(stream, b, (x, y) -> x.seq() >= y.seq() ? x : y);
        }
        int n = counters.size();
        String[] tenants = new String[n];
        String[] endpoints = new String[n];
        String[] streams = new String[n];
        Long[] droppedBatches = new Long[n];
        Long[] droppedSamples = new Long[n];
        Long[] lastSeq = new Long[n];
        OffsetDateTime[] lastCollected = new OffsetDateTime[n];
        int i = 0;
        for (Map.Entry<String, long[]> e : counters.entrySet()) {
            MetricBatch b = newest.get(e.getKey());
            tenants[i] = b.tenant();
            endpoints[i] = b.endpoint();
            streams[i] = b.stream();
            droppedBatches[i] = e.getValue()[0];
            droppedSamples[i] = e.getValue()[1];
            lastSeq[i] = b.seq();
            lastCollected[i] = b.at().atOffset(ZoneOffset.UTC);
            i++;
        }
        return tx.preparedQuery(UPSERT_STREAMS)
                .execute(Tuple.from(new Object[] {tenants, endpoints, streams, droppedBatches, droppedSamples, lastSeq,
                        lastCollected}))
                .mapEmpty();
    }

    private Future<Void> markMinutes(SqlConnection tx, List<MetricBatch> stored) {
        TreeSet<Instant> minutes = new TreeSet<>();
        stored.forEach(b -> minutes.add(b.at().truncatedTo(ChronoUnit.MINUTES)));
        if (minutes.isEmpty()) {
            return Future.succeededFuture();
        }
        OffsetDateTime[] buckets = minutes.stream().map(m -> m.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        return tx.preparedQuery(MARK_MINUTES).execute(Tuple.of(buckets)).mapEmpty();
    }
}

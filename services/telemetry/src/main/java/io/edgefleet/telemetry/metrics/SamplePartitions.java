package io.edgefleet.telemetry.metrics;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time partitions of the metric tables (UTC): {@code samples} and {@code samples_1m} by day
 * ({@code samples_p20250601}), {@code samples_1h} by month ({@code samples_1h_p202506}). Creates them ahead of time and
 * on demand, and drops the ones whose whole range lies before the retention cut-off: retention costs one
 * {@code DROP TABLE} per day instead of deleting rows.
 */
public final class SamplePartitions {

    /** A partitioned table and how long its rows are kept. */
    public enum Table {
        SAMPLES("samples", false), MINUTES("samples_1m", false), HOURS("samples_1h", true);

        final String name;
        final boolean monthly;

        Table(String name, boolean monthly) {
            this.name = name;
            this.monthly = monthly;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SamplePartitions.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Makes sure the partition of {@code table} holding {@code at} exists. */
    public Future<Void> ensure(SqlClient sql, Table table, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate from = table.monthly ? day.withDayOfMonth(1) : day;
        LocalDate to = table.monthly ? from.plusMonths(1) : from.plusDays(1);
        String partition = table.name + "_p" + (table.monthly ? YearMonth.from(from).format(MONTH) : from.format(DAY));
        if (known.contains(partition)) {
            return Future.succeededFuture();
        }
        String ddl = "CREATE TABLE IF NOT EXISTS telemetry." + partition + " PARTITION OF telemetry." + table.name
                + " FOR VALUES FROM ('" + from + " 00:00:00+00') TO ('" + to + " 00:00:00+00')";
        return sql.query(ddl).execute()
                .<Void>mapEmpty()
                .recover(e -> alreadyCreated(e) ? Future.succeededFuture() : Future.failedFuture(e))
                .onSuccess(v -> known.add(partition));
    }

    /** Makes sure the raw sample partition of each instant exists. */
    public Future<Void> ensureSamples(SqlClient sql, Set<Instant> days) {
        Future<Void> chain = Future.succeededFuture();
        for (Instant day : days) {
            chain = chain.compose(v -> ensure(sql, Table.SAMPLES, day));
        }
        return chain;
    }

    /**
     * Creates the partitions from yesterday to {@code aheadDays} after today for every table and drops those past
     * retention.
     *
     * @return the names of the partitions dropped
     */
    public Future<List<String>> maintain(SqlClient sql, Instant now, int aheadDays, MetricsSettings settings) {
        Future<Void> created = Future.succeededFuture();
        for (Table table : Table.values()) {
            for (int d = -1; d <= aheadDays; d++) {
                Instant at = now.plus(Duration.ofDays(d));
                created = created.compose(v -> ensure(sql, table, at));
            }
        }
        List<String> dropped = new ArrayList<>();
        return created
                .compose(v -> dropExpired(sql, Table.SAMPLES, now.minus(settings.rawRetention()), dropped))
                .compose(v -> dropExpired(sql, Table.MINUTES, now.minus(settings.minuteRetention()), dropped))
                .compose(v -> dropExpired(sql, Table.HOURS, now.minus(settings.hourRetention()), dropped))
                .map(v -> dropped);
    }

    private Future<Void> dropExpired(SqlClient sql, Table table, Instant cutoff, List<String> dropped) {
        return sql.preparedQuery("""
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        JOIN pg_namespace n ON n.oid = p.relnamespace
                        WHERE n.nspname = 'telemetry' AND p.relname = $1""")
                .execute(Tuple.of(table.name))
                .compose(rows -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Row row : rows) {
                        String partition = row.getString(0);
                        Instant end = rangeEnd(table, partition);
                        if (end != null && !end.isAfter(cutoff)) {
                            chain = chain.compose(v -> sql.query("DROP TABLE IF EXISTS telemetry." + partition).execute()
                                    .onSuccess(r -> {
                                        known.remove(partition);
                                        dropped.add(partition);
                                        LOG.info("dropped metric partition {} (retention up to {})", partition, cutoff);
                                    })
                                    .mapEmpty());
                        }
                    }
                    return chain;
                });
    }

    /** The exclusive end of a partition's range from its name, or null for a name this class did not make. */
    static Instant rangeEnd(Table table, String partition) {
        String prefix = table.name + "_p";
        if (!partition.startsWith(prefix)) {
            return null;
        }
        String stamp = partition.substring(prefix.length());
        try {
            if (table.monthly) {
                return YearMonth.parse(stamp, MONTH).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDate.parse(stamp, DAY).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean alreadyCreated(Throwable e) {
        // two writers racing on the same new partition: the loser sees a duplicate table or type
        return e instanceof PgException pg && ("42P07".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()));
    }
}

package io.edgefleet.telemetry.logs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily partitions of one range-partitioned table of the {@code telemetry} schema: {@code <table>_pYYYYMMDD}
 * holds one UTC day. {@link #maintain()} creates the partitions from the oldest retained day up to
 * {@code daysAhead} days after today and drops the partitions of days past the retention, so that retention is a
 * {@code DROP TABLE} and never a slow {@code DELETE}.
 */
public final class DailyPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(DailyPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Pattern TABLE = Pattern.compile("^[a-z][a-z0-9_]{0,40}$");

    private final Pool pool;
    private final String table;
    private final Pattern partitionName;
    private final int retentionDays;
    private final int daysAhead;
    private final Clock clock;

    /**
     * @param retentionDays days kept including today: with 7, rows of the 6 days before today and of today stay
     * @param daysAhead     partitions created after today, so that a clock running a little ahead finds one
     */
    public DailyPartitions(Pool pool, String table, int retentionDays, int daysAhead, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "' is not a plain lowercase identifier");
        }
        if (retentionDays < 1 || daysAhead < 1) {
            throw new IllegalArgumentException("retentionDays and daysAhead must be at least 1");
        }
        this.table = table;
        this.partitionName = Pattern.compile("^" + table + "_p(\\d{8})$");
        this.retentionDays = retentionDays;
        this.daysAhead = daysAhead;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The first day whose rows are kept. */
    public LocalDate oldestRetainedDay() {
        return today().minusDays(retentionDays - 1L);
    }

    /** The day after the newest partition: rows from then on have no partition yet. */
    public LocalDate endOfPartitions() {
        return today().plusDays(daysAhead + 1L);
    }

    /** Creates the missing partitions, then drops the expired ones; completes with the names of the dropped ones. */
    public Future<List<String>> maintain() {
        return createMissing().compose(v -> dropExpired());
    }

    private Future<Void> createMissing() {
        Future<Void> chain = Future.succeededFuture();
        for (LocalDate day = oldestRetainedDay(); day.isBefore(endOfPartitions()); day = day.plusDays(1)) {
            String sql = "CREATE TABLE IF NOT EXISTS telemetry." + name(day) + " PARTITION OF telemetry." + table
                    + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
            chain = chain.compose(v -> pool.query(sql).execute().mapEmpty());
        }
        return chain;
    }

    private Future<List<String>> dropExpired() {
        String partitions = """
                SELECT child.relname FROM pg_inherits
                JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                JOIN pg_namespace ns ON ns.oid = parent.relnamespace
                WHERE ns.nspname = 'telemetry' AND parent.relname = $1""";
        return pool.preparedQuery(partitions).execute(Tuple.of(table)).compose(rows -> {
            List<String> expired = new ArrayList<>();
            for (Row row : rows) {
                String child = row.getString(0);
                Matcher matcher = partitionName.matcher(child);
                if (matcher.matches() && LocalDate.parse(matcher.group(1), SUFFIX).isBefore(oldestRetainedDay())) {
                    expired.add(child);
                }
            }
            Future<Void> chain = Future.succeededFuture();
            for (String child : expired) {
                chain = chain.compose(v -> pool.query("DROP TABLE IF EXISTS telemetry." + child).execute()
                        .onSuccess(done -> LOG.info("dropped expired partition telemetry.{}", child)).mapEmpty());
            }
            return chain.map(expired);
        });
    }

    private String name(LocalDate day) {
        return table + "_p" + day.format(SUFFIX);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}

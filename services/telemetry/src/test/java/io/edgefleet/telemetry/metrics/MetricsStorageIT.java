package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsStorageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Test
    void partitionsExistAheadOfTimeAndExpiredOnesAreDroppedWhole() {
        try (TelemetryHarness telemetry = TelemetryHarness.start(Map.of(
                MetricsSettings.MAINTENANCE_SECONDS, "1", MetricsSettings.PARTITIONS_AHEAD_DAYS, "2",
                MetricsSettings.RAW_RETENTION_DAYS, "7"))) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (int d = -1; d <= 2; d++) {
                String day = today.plusDays(d).format(DAY);
                assertThat(partitions(telemetry, "samples")).contains("samples_p" + day);
                assertThat(partitions(telemetry, "samples_1m")).contains("samples_1m_p" + day);
            }
            assertThat(partitions(telemetry, "samples_1h")).contains("samples_1h_p" + today.format(
                    DateTimeFormatter.ofPattern("yyyyMM")));

            LocalDate old = today.minusDays(9);
            LocalDate kept = today.minusDays(6);
            createSamplePartition(telemetry, old);
            createSamplePartition(telemetry, kept);
            telemetry.sql("INSERT INTO telemetry.samples (tenant, endpoint, metric, ts, value) VALUES "
                    + "('acme', 'ep-aaaaaaaaaaaa', 'node_load1', ?::timestamptz, 1)", kept + "T12:00:00Z");

            await().atMost(WAIT).until(() -> !partitions(telemetry, "samples").contains("samples_p" + old.format(DAY)));
            assertThat(partitions(telemetry, "samples")).contains("samples_p" + kept.format(DAY));
            assertThat(telemetry.sql("SELECT count(*) AS n FROM telemetry.samples").get(0).get("n")).isEqualTo(1L);
        }
    }

    @Test
    void rollupsAgreeWithTheRawSamplesAndTakeLateBatchesIntoAccount() {
        try (TelemetryHarness telemetry = TelemetryHarness.start(Map.of(MetricsSettings.ROLLUP_SECONDS, "1"))) {
            String endpoint = TelemetryHarness.newEndpointId();
            String topic = Batches.topic("acme", endpoint);
            String stream = Batches.newStream();
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
            long seq = 0;
            // two closed hours, four samples a minute in the first ten minutes of each, two containers
            for (int h = 0; h < 2; h++) {
                for (int m = 0; m < 10; m++) {
                    for (int s = 0; s < 4; s++) {
                        Instant at = hour.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(m)).plusSeconds(s * 15L);
                        telemetry.publish(topic, Batches.batch(stream, seq++, at)
                                .container("container_memory_usage_bytes", "a", "app", 100 * h + 10 * m + s)
                                .container("container_memory_usage_bytes", "b", "app", 1000 + s).json(), false);
                    }
                }
            }
            long expected = seq;
            await().atMost(WAIT).until(() -> count(telemetry, "metric_batches") == expected
                    && count(telemetry, "metric_rollup_pending") == 0 && count(telemetry, "samples_1h") == 4);
            assertThat(count(telemetry, "samples_1m")).isEqualTo(40);
            assertThat(mismatches(telemetry)).isEmpty();
            Map<String, Object> firstHourA = telemetry.sql("""
                    SELECT min_value, max_value, sum_value, count, last_value FROM telemetry.samples_1h
                    WHERE container = 'a' AND bucket = ?::timestamptz""", hour.toString()).get(0);
            assertThat(firstHourA).containsEntry("min_value", 0.0).containsEntry("max_value", 93.0)
                    .containsEntry("count", 40).containsEntry("last_value", 93.0);

            // a batch that comes an hour late for the first minute: both rollups are redone
            telemetry.publish(topic, Batches.batch(stream, seq, hour.plusSeconds(5))
                    .container("container_memory_usage_bytes", "a", "app", 5000).json(), false);
            await().atMost(WAIT).until(() -> telemetry.sql("""
                    SELECT max_value FROM telemetry.samples_1h WHERE container = 'a' AND bucket = ?::timestamptz""",
                    hour.toString()).get(0).get("max_value").equals(5000.0));
            await().atMost(WAIT).until(() -> count(telemetry, "metric_rollup_pending") == 0);
            assertThat(mismatches(telemetry)).isEmpty();
        }
    }

    /** Rollup rows that differ from what the raw samples say. */
    private static List<Map<String, Object>> mismatches(TelemetryHarness telemetry) {
        return telemetry.sql("""
                WITH raw AS (
                    SELECT tenant, endpoint, metric, container, device, date_trunc('minute', ts) AS m,
                           date_trunc('hour', ts) AS h, value, ts FROM telemetry.samples),
                minutes AS (
                    SELECT tenant, endpoint, metric, container, device, m AS bucket, min(value) AS mn, max(value) AS mx,
                           sum(value) AS sm, count(*) AS n FROM raw GROUP BY 1, 2, 3, 4, 5, 6),
                hours AS (
                    SELECT tenant, endpoint, metric, container, device, h AS bucket, min(value) AS mn, max(value) AS mx,
                           sum(value) AS sm, count(*) AS n FROM raw GROUP BY 1, 2, 3, 4, 5, 6)
                SELECT 'm' AS res, * FROM minutes r FULL JOIN telemetry.samples_1m x USING (tenant, endpoint, metric,
                    container, device, bucket)
                WHERE r.n IS DISTINCT FROM x.count OR r.mn IS DISTINCT FROM x.min_value OR r.mx IS DISTINCT FROM x.max_value
                   OR r.sm IS DISTINCT FROM x.sum_value
                UNION ALL
                SELECT 'h', * FROM hours r FULL JOIN telemetry.samples_1h x USING (tenant, endpoint, metric, container,
                    device, bucket)
                WHERE r.n IS DISTINCT FROM x.count OR r.mn IS DISTINCT FROM x.min_value OR r.mx IS DISTINCT FROM x.max_value
                   OR r.sm IS DISTINCT FROM x.sum_value""");
    }

    private static long count(TelemetryHarness telemetry, String table) {
        return (Long) telemetry.sql("SELECT count(*) AS n FROM telemetry." + table).get(0).get("n");
    }

    private static List<String> partitions(TelemetryHarness telemetry, String table) {
        return telemetry.sql("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
                WHERE n.nspname = 'telemetry' AND p.relname = ?""", table)
                .stream().map(r -> (String) r.get("name")).toList();
    }

    private static void createSamplePartition(TelemetryHarness telemetry, LocalDate day) {
        telemetry.sql("CREATE TABLE telemetry.samples_p" + day.format(DAY) + " PARTITION OF telemetry.samples FOR VALUES FROM ('"
                + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
    }
}

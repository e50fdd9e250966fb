package io.edgefleet.telemetry.metrics;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.time.Duration;

/**
 * Settings of the metrics part, all from the environment.
 *
 * @param maxPayloadBytes    largest metrics message accepted ({@value #MAX_PAYLOAD}, default 1 MiB); larger ones are
 *                           rejected before they are parsed
 * @param maxPendingSamples  bound of the queue of accepted samples waiting to be written ({@value #MAX_PENDING},
 *                           default 50,000; at least 10,000, the most one batch may hold); when it is full the service
 *                           stops acknowledging messages and the broker holds the rest
 * @param flushSamples       a write starts once this many samples wait ({@value #FLUSH_SAMPLES}, default 5,000)
 * @param flushInterval      ... or when the oldest waiting sample is this old ({@value #FLUSH_MILLIS}, default 150 ms)
 * @param writers            writes that may run at once ({@value #WRITERS}, default 2)
 * @param ingestConnections  MQTT connections that take metric batches from the shared subscription
 *                           ({@value #INGEST_CONNECTIONS}, default 4): the broker keeps at most 50 unacknowledged
 *                           messages in flight per connection and a batch is acknowledged once stored, so one
 *                           connection caps ingest at 50 batches per write round; each connection adds its own window
 * @param rawRetention       how long raw samples are kept ({@value #RAW_RETENTION_DAYS}, default 7 days)
 * @param minuteRetention    how long 1-minute rollups are kept ({@value #MINUTE_RETENTION_DAYS}, default 90 days)
 * @param hourRetention      how long 1-hour rollups are kept ({@value #HOUR_RETENTION_DAYS}, default 400 days)
 * @param partitionsAhead    days of partitions created ahead of today ({@value #PARTITIONS_AHEAD_DAYS}, default 3)
 * @param maintenanceEvery   how often partitions are created/dropped ({@value #MAINTENANCE_SECONDS}, default 3600 s)
 * @param rollupEvery        how often closed minutes and hours are rolled up ({@value #ROLLUP_SECONDS}, default 30 s)
 * @param latestWindow       how far back "latest" values are looked for ({@value #LATEST_WINDOW_SECONDS}, default 900 s)
 */
public record MetricsSettings(int maxPayloadBytes, int maxPendingSamples, int flushSamples, Duration flushInterval,
                              int writers, int ingestConnections, Duration rawRetention, Duration minuteRetention, Duration hourRetention,
                              int partitionsAhead, Duration maintenanceEvery, Duration rollupEvery,
                              Duration latestWindow) {

    public static final String MAX_PAYLOAD = "EDGEFLEET_METRICS_MAX_PAYLOAD_BYTES";
    public static final String MAX_PENDING = "EDGEFLEET_METRICS_MAX_PENDING_SAMPLES";
    public static final String FLUSH_SAMPLES = "EDGEFLEET_METRICS_FLUSH_SAMPLES";
    public static final String FLUSH_MILLIS = "EDGEFLEET_METRICS_FLUSH_MILLIS";
    public static final String WRITERS = "EDGEFLEET_METRICS_WRITERS";
    public static final String INGEST_CONNECTIONS = "EDGEFLEET_METRICS_INGEST_CONNECTIONS";
    public static final String RAW_RETENTION_DAYS = "EDGEFLEET_METRICS_RAW_RETENTION_DAYS";
    public static final String MINUTE_RETENTION_DAYS = "EDGEFLEET_METRICS_1M_RETENTION_DAYS";
    public static final String HOUR_RETENTION_DAYS = "EDGEFLEET_METRICS_1H_RETENTION_DAYS";
    public static final String PARTITIONS_AHEAD_DAYS = "EDGEFLEET_METRICS_PARTITIONS_AHEAD_DAYS";
    public static final String MAINTENANCE_SECONDS = "EDGEFLEET_METRICS_MAINTENANCE_SECONDS";
    public static final String ROLLUP_SECONDS = "EDGEFLEET_METRICS_ROLLUP_SECONDS";
    public static final String LATEST_WINDOW_SECONDS = "EDGEFLEET_METRICS_LATEST_WINDOW_SECONDS";

    /** The schema's limit of samples per batch: the pending queue must hold at least one batch. */
    public static final int MAX_BATCH_SAMPLES = 10_000;

    public MetricsSettings {
        if (maxPendingSamples < MAX_BATCH_SAMPLES) {
            throw new ConfigException(MAX_PENDING + " must be at least " + MAX_BATCH_SAMPLES + ", got " + maxPendingSamples);
        }
        if (flushSamples > maxPendingSamples) {
            throw new ConfigException(FLUSH_SAMPLES + " (" + flushSamples + ") must not exceed " + MAX_PENDING + " ("
                    + maxPendingSamples + ")");
        }
    }

    public static MetricsSettings fromEnv(Env env) {
        return new MetricsSettings(
                env.integer(MAX_PAYLOAD, 1024 * 1024, 1024, 64 * 1024 * 1024),
                env.integer(MAX_PENDING, 50_000, 1, 10_000_000),
                env.integer(FLUSH_SAMPLES, 5_000, 1, 1_000_000),
                Duration.ofMillis(env.integer(FLUSH_MILLIS, 150, 10, 60_000)),
                env.integer(WRITERS, 2, 1, 16),
                env.integer(INGEST_CONNECTIONS, 4, 1, 32),
                Duration.ofDays(env.integer(RAW_RETENTION_DAYS, 7, 1, 3650)),
                Duration.ofDays(env.integer(MINUTE_RETENTION_DAYS, 90, 1, 3650)),
                Duration.ofDays(env.integer(HOUR_RETENTION_DAYS, 400, 1, 3650)),
                env.integer(PARTITIONS_AHEAD_DAYS, 3, 1, 60),
                Duration.ofSeconds(env.integer(MAINTENANCE_SECONDS, 3600, 1, 86_400)),
                Duration.ofSeconds(env.integer(ROLLUP_SECONDS, 30, 1, 3600)),
                Duration.ofSeconds(env.integer(LATEST_WINDOW_SECONDS, 900, 10, 86_400)));
    }
}

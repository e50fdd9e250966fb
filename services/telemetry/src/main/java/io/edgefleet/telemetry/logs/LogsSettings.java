package io.edgefleet.telemetry.logs;

import io.edgefleet.kit.config.Env;
import java.time.Duration;

/**
 * Settings of the logs part.
 *
 * @param retentionDays   days of log lines kept, today included ({@value #RETENTION_DAYS}, default 7): older daily
 *                        partitions are dropped
 * @param daysAhead       daily partitions created after today ({@value #DAYS_AHEAD}, default 2)
 * @param maxBatchBytes   largest log batch payload read ({@value #MAX_BATCH_BYTES}, default 2 MiB); a larger one is
 *                        rejected unparsed
 * @param maxInFlight     batches being written at once ({@value #MAX_IN_FLIGHT}, default 32); a batch arriving
 *                        beyond that is rejected and counted instead of queueing without bound
 * @param maintenance     how often partitions are created ahead and expired ones dropped
 *                        ({@value #MAINTENANCE_SECONDS}, default 3600)
 */
public record LogsSettings(int retentionDays, int daysAhead, int maxBatchBytes, int maxInFlight, Duration maintenance) {

    public static final String RETENTION_DAYS = "EDGEFLEET_LOGS_RETENTION_DAYS";
    public static final String DAYS_AHEAD = "EDGEFLEET_LOGS_PARTITIONS_AHEAD_DAYS";
    public static final String MAX_BATCH_BYTES = "EDGEFLEET_LOGS_MAX_BATCH_BYTES";
    public static final String MAX_IN_FLIGHT = "EDGEFLEET_LOGS_MAX_IN_FLIGHT";
    public static final String MAINTENANCE_SECONDS = "EDGEFLEET_LOGS_MAINTENANCE_SECONDS";

    public static LogsSettings fromEnv(Env env) {
        return new LogsSettings(
                env.integer(RETENTION_DAYS, 7, 1, 3650),
                env.integer(DAYS_AHEAD, 2, 1, 31),
                env.integer(MAX_BATCH_BYTES, 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
                env.integer(MAX_IN_FLIGHT, 32, 1, 4096),
                Duration.ofSeconds(env.integer(MAINTENANCE_SECONDS, 3600, 1, 86_400)));
    }
}

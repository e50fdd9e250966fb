package io.edgefleet.agent.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent collects and ships telemetry.
 *
 * @param metricsInterval    time between two metric collections (one batch each)
 * @param metricsBufferBytes at most this many bytes of metric batches wait on disk for the broker; the oldest go first
 * @param logBufferBytes     the same for log batches
 * @param statsConcurrency   how many containers' Docker stats are read at once
 * @param procPath           where the machine's /proc is mounted (another path when the agent runs in a container)
 */
public record TelemetrySettings(Duration metricsInterval, long metricsBufferBytes, long logBufferBytes,
                                int statsConcurrency, Path procPath) {

    public static final long MIB = 1024L * 1024L;
    public static final TelemetrySettings DEFAULTS =
            new TelemetrySettings(Duration.ofSeconds(15), 16 * MIB, 16 * MIB, 4, Path.of("/proc"));

    public TelemetrySettings {
        Objects.requireNonNull(metricsInterval, "metricsInterval");
        Objects.requireNonNull(procPath, "procPath");
        if (metricsInterval.isNegative() || metricsInterval.isZero() || metricsBufferBytes < 1
                || logBufferBytes < 1 || statsConcurrency < 1) {
            throw new IllegalArgumentException("telemetry settings out of range: " + metricsInterval + ", "
                    + metricsBufferBytes + ", " + logBufferBytes + ", " + statsConcurrency);
        }
    }

    public TelemetrySettings withMetricsInterval(Duration interval) {
        return new TelemetrySettings(interval, metricsBufferBytes, logBufferBytes, statsConcurrency, procPath);
    }

    public TelemetrySettings withMetricsBufferBytes(long bytes) {
        return new TelemetrySettings(metricsInterval, bytes, logBufferBytes, statsConcurrency, procPath);
    }
}

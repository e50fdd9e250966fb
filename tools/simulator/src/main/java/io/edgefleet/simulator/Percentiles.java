package io.edgefleet.simulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nearest-rank percentiles of latencies in nanoseconds, reported in milliseconds. */
public final class Percentiles {

    private Percentiles() {
    }

    /** count, p50, p90, p99, max (ms) of the finite values; {@code Long.MAX_VALUE} marks "never" and is skipped. */
    public static Map<String, Object> summary(long[] nanos) {
        long[] sorted = Arrays.stream(nanos).filter(value -> value != Long.MAX_VALUE).sorted().toArray();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", sorted.length);
        if (sorted.length > 0) {
            summary.put("p50Ms", ms(percentile(sorted, 50)));
            summary.put("p90Ms", ms(percentile(sorted, 90)));
            summary.put("p99Ms", ms(percentile(sorted, 99)));
            summary.put("maxMs", ms(sorted[sorted.length - 1]));
        }
        return summary;
    }

    /** The nearest-rank percentile of sorted values. */
    public static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
    }

    private static double ms(long nanos) {
        return Results.round(nanos / 1e6, 2);
    }
}

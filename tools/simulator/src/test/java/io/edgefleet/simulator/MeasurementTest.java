package io.edgefleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void percentilesAreNearestRankAndSkipAgentsThatNeverReported() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (i + 1) * 1_000_000L;
        }
        nanos[99] = Long.MAX_VALUE;

        Map<String, Object> summary = Percentiles.summary(nanos);

        assertThat(summary).containsEntry("count", 99).containsEntry("p50Ms", 50.0).containsEntry("p99Ms", 99.0)
                .containsEntry("maxMs", 99.0);
    }

    @Test
    void counterIsSummedOverItsLabelSetsAndOtherMetricsAreIgnored() {
        String text = """
                # HELP edgefleet_telemetry_ingest_samples_total stored samples
                edgefleet_telemetry_ingest_samples_total{service="telemetry"} 1200.0
                edgefleet_telemetry_ingest_samples_total{service="other"} 34.0
                edgefleet_telemetry_ingest_samples_total_extra 99.0
                """;

        assertThat(PlatformCounters.sum(text, "edgefleet_telemetry_ingest_samples_total")).isEqualTo(1234.0);
        assertThat(PlatformCounters.sum(text, "edgefleet_registry_heartbeats_total")).isNaN();
    }

    @Test
    void processProbeCountsAWatchedChildUnderItsOwnNameAndTheRestUnderTheParent() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessProbe probe = new ProcessProbe(Map.of("child", Long.toString(child.pid())));
            long spin = System.nanoTime();
            while (System.nanoTime() - spin < 300_000_000L) {
                Math.sqrt(spin); // some CPU of our own
            }

            Map<String, ProcessProbe.Usage> usage = probe.sample();

            assertThat(usage.get("simulator").rssBytes()).isGreaterThan(10L << 20);
            assertThat(usage.get("simulator").cpuSeconds()).isGreaterThan(0.1);
            assertThat(usage.get("simulator").pssBytes()).isGreaterThan(10L << 20);
            assertThat(usage.get("child").processes()).isEqualTo(1);
            assertThat(usage.get("child").rssBytes()).isLessThan(usage.get("simulator").rssBytes());
        } finally {
            child.destroy();
        }
    }
}

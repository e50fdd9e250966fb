package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.benchmarks.Payloads;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the metrics ingest benchmark's methods once, untimed (see {@code BenchmarksRunOnceTest}). */
class MetricsIngestBenchmarkRunOnceTest {

    @ParameterizedTest
    @ValueSource(ints = {250, 1000})
    @DisplayName("a metrics batch is accepted whole and one write's columns hold every sample of 20 batches")
    void metricsIngestAcceptsTheBatchAndBuildsTheColumns(int samples) {
        MetricsIngestBenchmark benchmark = new MetricsIngestBenchmark();
        benchmark.samples = samples;
        benchmark.setUp();
        try {
            assertThat(benchmark.accept()).hasValueSatisfying(batch -> {
                assertThat(batch.endpoint()).isEqualTo(Payloads.ENDPOINT);
                assertThat(batch.samples()).hasSize(samples);
            });
            Tuple columns = benchmark.insertColumns();
            assertThat(columns.size()).isEqualTo(8);
            assertThat((String[]) columns.getValue(2)).hasSize(MetricsIngestBenchmark.BATCHES_PER_WRITE * samples)
                    .doesNotContainNull();
            assertThat((Double[]) columns.getValue(7)).doesNotContainNull();
        } finally {
            benchmark.tearDown();
        }
    }
}

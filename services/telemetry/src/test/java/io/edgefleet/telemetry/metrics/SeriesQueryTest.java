package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static SeriesQuery parse(String step) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap().add("endpoint", "ep-abcdefghijkl")
                .add("metric", "node_cpu_percent").add("from", "2026-11-20T12:00:00Z");
        if (step != null) {
            params.add("step", step);
        }
        return SeriesQuery.parse(params, NOW);
    }

    @Test
    void theStepChoosesTheCoarsestTableWhoseBucketDividesIt() {
        assertThat(parse("1h").resolution()).isEqualTo(SeriesQuery.Resolution.HOUR);
        assertThat(parse("7200").resolution()).isEqualTo(SeriesQuery.Resolution.HOUR);
        assertThat(parse("1d").resolution()).isEqualTo(SeriesQuery.Resolution.HOUR);
        assertThat(parse("5m").resolution()).isEqualTo(SeriesQuery.Resolution.MINUTE);
        assertThat(parse("90m").resolution()).isEqualTo(SeriesQuery.Resolution.MINUTE);
        assertThat(parse("90").resolution()).isEqualTo(SeriesQuery.Resolution.RAW);
    }

    @Test
    void withoutAStepTheRangeIsSplitIntoAboutThreeHundredPoints() {
        assertThat(parse(null).step()).isEqualTo(Duration.ofSeconds(2016));
    }

    @Test
    void aStepGivingTooManyPointsIsRefusedNamingTheStep() {
        assertThatThrownBy(() -> parse("15s")).isInstanceOf(ProblemException.class).hasMessageContaining("'step'");
        assertThatThrownBy(() -> parse("0")).isInstanceOf(ProblemException.class).hasMessageContaining("'step'");
        assertThatThrownBy(() -> parse("1w")).isInstanceOf(ProblemException.class).hasMessageContaining("'step'");
    }
}

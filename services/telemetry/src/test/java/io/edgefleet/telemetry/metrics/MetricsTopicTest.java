package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsTopicTest {

    @Test
    void onlyWellFormedTenantAndEndpointIdsAreTakenFromTheTopic() {
        assertThat(MetricsTopic.parse("edge/v1/acme/ep-abcdefghijkl/metrics"))
                .contains(new MetricsTopic("acme", "ep-abcdefghijkl"));
        assertThat(MetricsTopic.parse("edge/v1/Acme/ep-abcdefghijkl/metrics")).isEmpty();
        assertThat(MetricsTopic.parse("edge/v1/acme/ep-ABCDEFGHIJKL/metrics")).isEmpty();
        assertThat(MetricsTopic.parse("edge/v1/acme/ep-abcdefghijkl/logs")).isEmpty();
        assertThat(MetricsTopic.parse("edge/v1/acme/ep-abcdefghijkl/metrics/extra")).isEmpty();
    }

    @Test
    void aPartitionsRangeEndComesFromItsName() {
        assertThat(SamplePartitions.rangeEnd(SamplePartitions.Table.SAMPLES, "samples_p20261127"))
                .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(SamplePartitions.rangeEnd(SamplePartitions.Table.HOURS, "samples_1h_p202612"))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(SamplePartitions.rangeEnd(SamplePartitions.Table.SAMPLES, "samples_default")).isNull();
    }
}

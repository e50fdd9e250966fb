package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestBackpressureIT {

    private static final int QUEUE_BOUND = 10_000;
    private static final int MESSAGES = 300;
    private static final int SAMPLES_PER_MESSAGE = 500;

    @Test
    void aBurstMuchBiggerThanTheQueueIsStoredCompletelyWhileTheQueueStaysWithinItsBound() throws Exception {
        try (TelemetryHarness telemetry = TelemetryHarness.start(Map.of(
                MetricsSettings.MAX_PENDING, String.valueOf(QUEUE_BOUND),
                MetricsSettings.FLUSH_SAMPLES, "5000",
                MetricsSettings.WRITERS, "1"))) {
            String stream = Batches.newStream();
            String topic = Batches.topic("acme", TelemetryHarness.newEndpointId());
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(MESSAGES);
            AtomicLong deepest = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    deepest.accumulateAndGet((long) telemetry.meters().get(IngestMeters.QUEUE).gauge().value(),
                            Math::max);
                }
            });
            sampler.start();
            try {
                for (int m = 0; m < MESSAGES; m++) {
                    Batches batch = Batches.batch(stream, m, at.plusSeconds(m));
                    for (int s = 0; s < SAMPLES_PER_MESSAGE; s++) {
                        batch.container("container_cpu_percent", "c-" + s, null, m + s / 1000.0);
                    }
                    telemetry.publish(topic, batch.json(), false);
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> telemetry.sql(
                        "SELECT count(*) AS n FROM telemetry.samples").get(0).get("n")
                        .equals((long) MESSAGES * SAMPLES_PER_MESSAGE));
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            assertThat(telemetry.sql("SELECT count(*) AS n FROM telemetry.metric_batches").get(0).get("n"))
                    .isEqualTo((long) MESSAGES);
            double peak = Scrape.value(telemetry, IngestMeters.QUEUE_PEAK);
            double heldPeak = Scrape.value(telemetry, IngestMeters.HELD_PEAK);
            System.out.printf("queue peak %.0f samples (sampled %d), held peak %.0f messages%n", peak, deepest.get(),
                    heldPeak);
            assertThat(peak).isLessThanOrEqualTo(QUEUE_BOUND).isGreaterThan(0);
            assertThat(deepest.get()).isLessThanOrEqualTo(QUEUE_BOUND);
            assertThat(heldPeak).as("the queue filled up, so messages had to wait").isGreaterThan(0);
            assertThat(Scrape.value(telemetry, IngestMeters.QUEUE)).isZero();
        }
    }
}

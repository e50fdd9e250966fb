package io.edgefleet.kit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void ceilingDoublesFromHalfASecondUpToThirtySeconds() {
        assertThat(backoff.ceilingMillis(0)).isEqualTo(500);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(5)).isEqualTo(16_000);
        assertThat(backoff.ceilingMillis(6)).isEqualTo(30_000);
        assertThat(backoff.ceilingMillis(1000)).isEqualTo(30_000);
    }

    @Test
    void delaysAreJitteredBelowTheCeilingAndResetStartsOver() {
        long maxSeen = 0;
        for (int i = 0; i < 200; i++) {
            long delay = backoff.nextDelayMillis();
            assertThat(delay).isBetween(0L, 30_000L);
            maxSeen = Math.max(maxSeen, delay);
        }
        // 200 draws below a 30 s ceiling: the jitter spreads them out
        assertThat(maxSeen).isGreaterThan(15_000L);
        backoff.reset();
        for (int i = 0; i < 50; i++) {
            backoff.reset();
            assertThat(backoff.nextDelayMillis()).isBetween(0L, 500L);
        }
    }
}

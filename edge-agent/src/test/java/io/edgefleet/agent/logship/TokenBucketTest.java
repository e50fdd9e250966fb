package io.edgefleet.agent.logship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private int taken(TokenBucket bucket, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryTake()) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aQuietAppMayBurstOneSecondsWorthThenGetsTheRateAndNoMore() {
        TokenBucket bucket = new TokenBucket(10, nanos::get);

        assertThat(taken(bucket, 50)).isEqualTo(10);
        nanos.addAndGet(500_000_000L);
        assertThat(taken(bucket, 50)).isEqualTo(5);
        nanos.addAndGet(60_000_000_000L);
        assertThat(taken(bucket, 50)).as("an idle minute still allows only one second's burst").isEqualTo(10);
    }

    @Test
    void overTenSecondsAtFullSpeedTheBucketPassesTheRateTimesTheTimePlusOneBurst() {
        TokenBucket bucket = new TokenBucket(100, nanos::get);
        int passed = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            passed += taken(bucket, 5);
            nanos.addAndGet(1_000_000L);
        }

        assertThat(passed).isBetween(1099, 1100);
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, nanos::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longLinesAreCutAtTheSchemasLimitWithoutSplittingACharacter() {
        String ascii = "x".repeat(20_000);
        String emoji = "y".repeat(LogLine.MAX_TEXT - 1) + "\uD83D\uDE00" + "z";

        assertThat(LogLine.cut(ascii)).hasSize(LogLine.MAX_TEXT);
        assertThat(LogLine.cut(emoji)).hasSize(LogLine.MAX_TEXT - 1).doesNotContain("\uD83D");
        assertThat(LogLine.cut("short")).isEqualTo("short");
    }
}

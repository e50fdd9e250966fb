package io.edgefleet.kit.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in {@code [0, min(max, base * 2^n)]},
 * so that many services reconnecting after a broker restart spread out instead of arriving together.
 */
final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration base, Duration max) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt; each call doubles the ceiling up to the maximum. */
    long nextDelayMillis() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    long ceilingMillis(int n) {
        int shift = Math.min(n, 30);
        return Math.min(maxMillis, baseMillis << shift);
    }

    void reset() {
        attempt = 0;
    }
}

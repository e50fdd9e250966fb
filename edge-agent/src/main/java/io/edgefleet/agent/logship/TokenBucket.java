package io.edgefleet.agent.logship;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most one second's worth, so a quiet app may send
 * a burst of that size. Thread-safe.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int ratePerSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /**
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public TokenBucket(int ratePerSecond, LongSupplier nanoTime) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second, got " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
        this.tokens = ratePerSecond;
        this.refilledAt = nanoTime.getAsLong();
    }

    public int ratePerSecond() {
        return ratePerSecond;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(ratePerSecond, tokens + (double) elapsed * ratePerSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

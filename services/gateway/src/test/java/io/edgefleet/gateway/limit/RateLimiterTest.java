package io.edgefleet.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import io.edgefleet.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void allowsTheBudgetThenSaysHowLongToWait() {
        RateLimiter limiter = new RateLimiter(60, clock);
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire("user:a")).as("request %d", i).isEmpty();
        }
        assertThat(limiter.acquire("user:a")).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1)));
    }

    @Test
    void budgetsAreSeparatePerKey() {
        RateLimiter limiter = new RateLimiter(1, clock);
        assertThat(limiter.acquire("user:a")).isEmpty();
        assertThat(limiter.acquire("user:a")).isPresent();
        assertThat(limiter.acquire("user:b")).isEmpty();
    }

    @Test
    void refillsWithTimeButNotBeyondTheBudget() {
        RateLimiter limiter = new RateLimiter(2, clock);
        limiter.acquire("k");
        limiter.acquire("k");
        assertThat(limiter.acquire("k")).isPresent();
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.acquire("k")).isEmpty();
        assertThat(limiter.acquire("k")).isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.acquire("k")).isEmpty();
        assertThat(limiter.acquire("k")).isEmpty();
        assertThat(limiter.acquire("k")).isPresent();
    }

    @Test
    void sweepForgetsOnlyIdleKeys() {
        RateLimiter limiter = new RateLimiter(10, clock);
        limiter.acquire("idle");
        clock.advance(Duration.ofMinutes(2));
        limiter.acquire("busy");
        limiter.sweep();
        assertThat(limiter.size()).isEqualTo(1);
    }
}

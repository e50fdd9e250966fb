package io.edgefleet.tenancy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), clock);

    @Test
    void theLimitThFailureBlocksUntilTheOldestLeavesTheWindow() {
        throttle.failed("k");
        clock.now = clock.now.plusSeconds(60);
        throttle.failed("k");
        assertThat(throttle.retryAfter("k")).isEmpty();
        throttle.failed("k");
        assertThat(throttle.retryAfter("k")).contains(Duration.ofMinutes(14));
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertThat(throttle.retryAfter("k")).isEmpty();
    }

    @Test
    void successClearsTheKeyAndOtherKeysAreUntouched() {
        throttle.failed("a");
        throttle.failed("a");
        throttle.failed("a");
        assertThat(throttle.retryAfter("b")).isEmpty();
        throttle.succeeded("a");
        assertThat(throttle.retryAfter("a")).isEmpty();
    }

    @Test
    void sweepForgetsExpiredKeys() {
        throttle.failed("old");
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        throttle.sweep();
        throttle.failed("old");
        throttle.failed("old");
        assertThat(throttle.retryAfter("old")).isEmpty();
    }
}

package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlapDampingTest {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    private final FlapDamping damping = new FlapDamping(
            new FlapDamping.Settings(Duration.ofMinutes(10), Duration.ofSeconds(20)));

    @Test
    void firstConnectionLossIsNotHeld() {
        assertThat(damping.shouldHold("ep-a", T0)).isFalse();
    }

    @Test
    void aLossWithinTheWindowOfTheLastOneIsHeld() {
        damping.lostConnection("ep-a", T0);
        assertThat(damping.shouldHold("ep-a", T0.plusSeconds(30))).isTrue();
        assertThat(damping.shouldHold("ep-b", T0.plusSeconds(30))).as("another endpoint").isFalse();
    }

    @Test
    void aLossAfterTheWindowIsNotHeldAndPruningForgetsTheEndpoint() {
        damping.lostConnection("ep-a", T0);
        assertThat(damping.shouldHold("ep-a", T0.plus(Duration.ofMinutes(11)))).isFalse();
        damping.prune(T0.plus(Duration.ofMinutes(11)));
        assertThat(damping.shouldHold("ep-a", T0.plusSeconds(1))).as("forgotten").isFalse();
    }

    @Test
    void anOnlinePresenceChangesTheEpochOfAFlappingEndpoint() {
        damping.lostConnection("ep-a", T0);
        long held = damping.epoch("ep-a");
        damping.cameOnline("ep-a");
        assertThat(damping.epoch("ep-a")).isNotEqualTo(held);
    }

    @Test
    void zeroGraceSwitchesDampingOff() {
        FlapDamping off = new FlapDamping(new FlapDamping.Settings(Duration.ofMinutes(10), Duration.ZERO));
        off.lostConnection("ep-a", T0);
        assertThat(off.shouldHold("ep-a", T0.plusSeconds(1))).isFalse();
    }
}

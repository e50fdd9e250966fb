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
        assertThat(damping.holdLoss("ep-a", T0)).isFalse();
    }

    @Test
    void aLossWithinTheWindowOfTheLastOneIsHeld() {
        damping.lostConnection("ep-a", T0);
        assertThat(damping.holdLoss("ep-a", T0.plusSeconds(30))).isTrue();
        assertThat(damping.holdLoss("ep-b", T0.plusSeconds(30))).as("another endpoint").isFalse();
    }

    @Test
    void aLossAfterTheWindowIsNotHeldAndPruningForgetsTheEndpoint() {
        damping.lostConnection("ep-a", T0);
        assertThat(damping.holdLoss("ep-a", T0.plus(Duration.ofMinutes(11)))).isFalse();
        damping.prune(T0.plus(Duration.ofMinutes(11)));
        assertThat(damping.holdLoss("ep-a", T0.plusSeconds(1))).as("forgotten").isFalse();
    }

    @Test
    void aLinkFlappingLongerThanTheWindowStaysDamped() {
        damping.lostConnection("ep-a", T0);
        // a loss every two minutes for an hour: each held loss keeps the endpoint counted as flapping
        for (int minute = 2; minute <= 60; minute += 2) {
            assertThat(damping.holdLoss("ep-a", T0.plus(Duration.ofMinutes(minute)))).as("minute " + minute).isTrue();
            damping.prune(T0.plus(Duration.ofMinutes(minute)));
        }
        assertThat(damping.holdLoss("ep-a", T0.plus(Duration.ofMinutes(71)))).as("quiet for 11 minutes").isFalse();
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
        assertThat(off.holdLoss("ep-a", T0.plusSeconds(1))).isFalse();
    }
}

package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.registry.endpoint.EndpointStatus;
import io.edgefleet.registry.presence.PresenceRules.Action;
import io.edgefleet.registry.presence.PresenceRules.Presence;
import io.edgefleet.registry.presence.PresenceRules.Stored;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceRulesTest {

    private static final Instant T1 = Instant.parse("2025-06-01T08:00:00Z");
    private static final Instant T2 = T1.plusSeconds(5);

    @Test
    void onlineBringsAnEndpointOnlineOnceAndThenOnlyRefreshesIt() {
        Presence online = new Presence(true, "connected", T1, "c1");

        assertThat(PresenceRules.decide(new Stored(EndpointStatus.PENDING, null, null), online)).isEqualTo(Action.GO_ONLINE);
        assertThat(PresenceRules.decide(new Stored(EndpointStatus.OFFLINE, null, null), online)).isEqualTo(Action.GO_ONLINE);
        assertThat(PresenceRules.decide(new Stored(EndpointStatus.ONLINE, "c0", null), online)).isEqualTo(Action.REFRESH_ONLINE);
    }

    @Test
    void goodbyeOfTheCurrentConnectionTakesTheEndpointOffline() {
        Stored stored = new Stored(EndpointStatus.ONLINE, "c2", T1);

        assertThat(PresenceRules.decide(stored, new Presence(false, "graceful", T2, "c2"))).isEqualTo(Action.GO_OFFLINE);
        assertThat(PresenceRules.decide(stored, new Presence(false, "connection-lost", null, "c2"))).isEqualTo(Action.GO_OFFLINE);
    }

    @Test
    @DisplayName("a late Last Will of an older connection does not take the new connection offline")
    void lateWillOfAnOlderConnectionIsStale() {
        Stored stored = new Stored(EndpointStatus.ONLINE, "c2", T2);

        assertThat(PresenceRules.decide(stored, new Presence(false, "connection-lost", null, "c1"))).isEqualTo(Action.IGNORE_STALE);
    }

    @Test
    void willWithoutConnectionIdIsAppliedInArrivalOrder() {
        Stored stored = new Stored(EndpointStatus.ONLINE, "c2", T2);

        assertThat(PresenceRules.decide(stored, new Presence(false, "connection-lost", null, null))).isEqualTo(Action.GO_OFFLINE);
    }

    @Test
    void presenceOlderThanTheAppliedOneIsStale() {
        Stored stored = new Stored(EndpointStatus.OFFLINE, "c1", T2);

        assertThat(PresenceRules.decide(stored, new Presence(true, "connected", T1, "c1"))).isEqualTo(Action.IGNORE_STALE);
        assertThat(PresenceRules.decide(stored, new Presence(true, "connected", T1, null))).isEqualTo(Action.IGNORE_STALE);
        assertThat(PresenceRules.decide(new Stored(EndpointStatus.ONLINE, "c2", T2), new Presence(false, "graceful", T1, null)))
                .isEqualTo(Action.IGNORE_STALE);
    }

    @Test
    @DisplayName("a new connection's online wins even when the agent's clock was set back since the last presence")
    void newConnectionIsNeverStale() {
        Stored stored = new Stored(EndpointStatus.OFFLINE, "c1", T2);

        assertThat(PresenceRules.decide(stored, new Presence(true, "connected", T1, "c2"))).isEqualTo(Action.GO_ONLINE);
    }

    @Test
    void offlineForAnOfflineEndpointIsOnlyRecorded() {
        assertThat(PresenceRules.decide(new Stored(EndpointStatus.OFFLINE, null, T1), new Presence(false, "graceful", T2, null)))
                .isEqualTo(Action.RECORD_ONLY);
    }

    @Test
    void offlineCauseComesFromTheReasonOrFromWhoStampedIt() {
        assertThat(PresenceRules.offlineCause(new Presence(false, "graceful", T1, null))).isEqualTo("graceful");
        assertThat(PresenceRules.offlineCause(new Presence(false, "connection-lost", null, null))).isEqualTo("connection-lost");
        assertThat(PresenceRules.offlineCause(new Presence(false, null, null, null))).isEqualTo("connection-lost");
        assertThat(PresenceRules.offlineCause(new Presence(false, null, T1, null))).isEqualTo("graceful");
    }

    @Test
    void heartbeatReceivedBeforeTheEndpointWentOfflineDoesNotBringItBack() {
        assertThat(PresenceRules.receivedAfter(T1, T2)).isFalse();
        assertThat(PresenceRules.receivedAfter(T2, T1)).isTrue();
        assertThat(PresenceRules.receivedAfter(T1, null)).isTrue();
    }
}

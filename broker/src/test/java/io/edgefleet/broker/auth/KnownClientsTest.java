package io.edgefleet.broker.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KnownClientsTest {

    static final String A = "ep-aaaaaaaaaaaa";
    static final String B = "ep-bbbbbbbbbbbb";
    static final String KEY = "int:ik-aaaaaaaaaaaa";
    static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

    final KnownClients known = new KnownClients();

    @Test
    void findsEveryAgentAndKeyOfATenantButNoServiceAccount() {
        known.accepted(A, Identity.agent("acme", A), Optional.empty());
        known.accepted(B, Identity.agent("default", B), Optional.empty());
        known.accepted(KEY, Identity.integration("acme", "ik-aaaaaaaaaaaa"), Optional.empty());
        known.accepted("registry-1", Identity.service("registry"), Optional.empty());

        assertThat(known.ofTenant("acme")).containsExactlyInAnyOrder(A, KEY);
        assertThat(known.ofTenant("default")).containsExactly(B);
        assertThat(known.size()).isEqualTo(3);
    }

    @Test
    void forgetsOneClientOrAWholeTenant() {
        known.accepted(A, Identity.agent("acme", A), Optional.empty());
        known.accepted(B, Identity.agent("acme", B), Optional.empty());
        known.accepted(KEY, Identity.integration("default", "ik-aaaaaaaaaaaa"), Optional.empty());
        known.forget(A);
        assertThat(known.ofTenant("acme")).containsExactly(B);
        known.forgetTenant("acme");
        assertThat(known.ofTenant("acme")).isEmpty();
        assertThat(known.ofTenant("default")).containsExactly(KEY);
    }

    @Test
    void handsOutExpiredKeysOnceAtTheirExpiry() {
        known.accepted(KEY, Identity.integration("acme", "ik-aaaaaaaaaaaa"), Optional.of(NOON));
        known.accepted(A, Identity.agent("acme", A), Optional.empty());

        assertThat(known.takeExpired(NOON.minusMillis(1))).isEmpty();
        assertThat(known.takeExpired(NOON)).containsExactly(KEY);
        assertThat(known.takeExpired(NOON.plusSeconds(60))).isEmpty();
        assertThat(known.ofTenant("acme")).containsExactly(A);
    }
}

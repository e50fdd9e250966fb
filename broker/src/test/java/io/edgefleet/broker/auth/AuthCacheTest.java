package io.edgefleet.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthCacheTest {

    static final String A = "ep-aaaaaaaaaaaa";
    static final AuthDecision ALLOW_A = AuthDecision.allow(Identity.agent("default", A));

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AuthCache cache = new AuthCache(Duration.ofSeconds(10), 3, now::get);

    @Test
    void answerIsReusedUntilItExpires() {
        cache.put(A, bytes("secret"), ALLOW_A);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(cache.get(A, bytes("secret"))).contains(ALLOW_A);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.get(A, bytes("secret"))).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void answerBelongsToTheExactPassword() {
        cache.put(A, bytes("secret"), ALLOW_A);
        assertThat(cache.get(A, bytes("Secret"))).isEmpty();
        assertThat(cache.get(A, bytes("secret "))).isEmpty();
        assertThat(cache.get("ep-bbbbbbbbbbbb", bytes("secret"))).isEmpty();
    }

    @Test
    void denialsAreCachedToo() {
        cache.put(A, bytes("guess"), AuthDecision.deny());
        assertThat(cache.get(A, bytes("guess"))).hasValueSatisfying(decision -> assertThat(decision.allowed()).isFalse());
    }

    @Test
    void invalidatingATenantDropsTheAcceptingAnswersOfItsClientsOnly() {
        cache.put(A, bytes("secret"), ALLOW_A);
        cache.put("int:ik-aaaaaaaaaaaa", bytes("key"), AuthDecision.allow(Identity.integration("default", "ik-aaaaaaaaaaaa")));
        cache.put("ep-bbbbbbbbbbbb", bytes("other"), AuthDecision.allow(Identity.agent("acme", "ep-bbbbbbbbbbbb")));
        assertThat(cache.invalidateTenant("default")).isEqualTo(2);
        assertThat(cache.get(A, bytes("secret"))).isEmpty();
        assertThat(cache.get("int:ik-aaaaaaaaaaaa", bytes("key"))).isEmpty();
        assertThat(cache.get("ep-bbbbbbbbbbbb", bytes("other"))).isPresent();
    }

    @Test
    void invalidatingDenialsKeepsTheAcceptingAnswers() {
        cache.put(A, bytes("secret"), ALLOW_A);
        cache.put("ep-bbbbbbbbbbbb", bytes("refused"), AuthDecision.deny());
        assertThat(cache.invalidateDenials()).isEqualTo(1);
        assertThat(cache.get(A, bytes("secret"))).isPresent();
        assertThat(cache.get("ep-bbbbbbbbbbbb", bytes("refused"))).isEmpty();
    }

    @Test
    void invalidatingAUsernameDropsEveryPasswordOfItAndNothingElse() {
        cache.put(A, bytes("old"), ALLOW_A);
        cache.put(A, bytes("guess"), AuthDecision.deny());
        cache.put("ep-bbbbbbbbbbbb", bytes("other"), AuthDecision.deny());
        assertThat(cache.invalidate(A)).isEqualTo(2);
        assertThat(cache.get(A, bytes("old"))).isEmpty();
        assertThat(cache.get("ep-bbbbbbbbbbbb", bytes("other"))).isPresent();
    }

    @Test
    void holdsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
        cache.put("ep-aaaaaaaaaaa2", bytes("p"), AuthDecision.deny());
        cache.put("ep-aaaaaaaaaaa3", bytes("p"), AuthDecision.deny());
        cache.put("ep-aaaaaaaaaaa4", bytes("p"), AuthDecision.deny());
        cache.get("ep-aaaaaaaaaaa2", bytes("p"));
        cache.put("ep-aaaaaaaaaaa5", bytes("p"), AuthDecision.deny());
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("ep-aaaaaaaaaaa3", bytes("p"))).isEmpty();
        assertThat(cache.get("ep-aaaaaaaaaaa2", bytes("p"))).isPresent();
    }

    @Test
    void zeroTimeToLiveCachesNothing() {
        AuthCache disabled = new AuthCache(Duration.ZERO, 3, now::get);
        disabled.put(A, bytes("secret"), ALLOW_A);
        assertThat(disabled.get(A, bytes("secret"))).isEmpty();
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new AuthCache(Duration.ofSeconds(-1), 3, now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthCache(Duration.ofSeconds(1), 0, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

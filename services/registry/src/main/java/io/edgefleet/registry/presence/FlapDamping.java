package io.edgefleet.registry.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Debounces the presence of an endpoint whose link flaps. The first connection loss is applied at once (a machine
 * that died shows offline within a second or two); once an endpoint lost its connection within {@code window}, its
 * next connection loss waits {@code grace} before it is applied, and is dropped if the agent came back meanwhile; a
 * held loss starts the window again.
 * A link that drops for a few seconds again and again therefore shows as online instead of flickering, and a link
 * that stays down shows offline {@code grace} later. Graceful goodbyes are never held. Not thread-safe: the
 * presence verticle's event loop owns it.
 */
final class FlapDamping {

    /**
     * @param window how long after a connection loss the endpoint counts as flapping; zero switches damping off
     * @param grace  how long a flapping endpoint's next connection loss waits; zero switches damping off
     */
    record Settings(Duration window, Duration grace) {
        Settings {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(grace, "grace");
        }

        boolean enabled() {
            return !window.isZero() && !grace.isZero();
        }
    }

    private final Settings settings;
    // endpoint id -> when a connection loss last took it offline
    private final Map<String, Instant> lastLoss = new HashMap<>();
    // endpoint id -> how many online presences arrived; a held loss applies only if none arrived since
    private final Map<String, Long> onlineEpoch = new HashMap<>();

    FlapDamping(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    Duration grace() {
        return settings.grace();
    }

    /**
     * Whether a connection loss that arrives now waits out the grace. A held loss is a loss too: the endpoint counts as
     * flapping for another window from now, so a link that keeps dropping stays damped however long it flaps.
     */
    boolean holdLoss(String endpoint, Instant now) {
        if (!settings.enabled()) {
            return false;
        }
        Instant last = lastLoss.get(endpoint);
        boolean flapping = last != null && !last.plus(settings.window()).isBefore(now);
        if (flapping) {
            lastLoss.put(endpoint, now);
        }
        return flapping;
    }

    /** A connection loss took the endpoint offline. */
    void lostConnection(String endpoint, Instant now) {
        if (settings.enabled()) {
            lastLoss.put(endpoint, now);
        }
    }

    /** An online presence arrived. */
    void cameOnline(String endpoint) {
        if (lastLoss.containsKey(endpoint)) {
            onlineEpoch.merge(endpoint, 1L, Long::sum);
        }
    }

    long epoch(String endpoint) {
        return onlineEpoch.getOrDefault(endpoint, 0L);
    }

    /** Forgets endpoints whose last loss is older than the window (they are no longer flapping). */
    void prune(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = lastLoss.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            if (entry.getValue().plus(settings.window()).isBefore(now)) {
                it.remove();
                onlineEpoch.remove(entry.getKey());
            }
        }
    }
}

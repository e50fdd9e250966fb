package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.AppStatus.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reported status of every app, kept by the reconciler thread. {@code since} moves only when the phase changes,
 * so an app that stays Running keeps the time it started running.
 */
final class AppStatusBook {

    private final Clock clock;
    private final Map<String, AppStatus> statuses = new TreeMap<>();

    AppStatusBook(Clock clock) {
        this.clock = clock;
    }

    /** Records the app's status; returns whether anything changed. */
    boolean set(String name, Integer revision, Phase phase, String message, String containerId, Integer restarts) {
        AppStatus previous = statuses.get(name);
        Instant since = previous != null && previous.phase() == phase ? previous.since() : clock.instant();
        AppStatus next = new AppStatus(name, revision, phase, message, containerId, restarts, since);
        if (Objects.equals(previous, next)) {
            return false;
        }
        statuses.put(name, next);
        return true;
    }

    Optional<AppStatus> get(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    /** Forgets an app (it is neither desired nor has a container any more). */
    boolean remove(String name) {
        return statuses.remove(name) != null;
    }

    /** Forgets every app that is not in {@code keep}. */
    boolean retainOnly(java.util.Set<String> keep) {
        return statuses.keySet().retainAll(keep);
    }

    /** Every app's status, by name. */
    List<AppStatus> snapshot() {
        return List.copyOf(statuses.values());
    }
}

package io.edgefleet.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed attempts to apply an app's spec, so that the reconciler does not pull or replace in a tight loop: a
 * retryable failure (registry, disk space) is tried again after a backoff of 30 s doubling to 30 min; a container that
 * did not run is not tried again until a new desired document arrives.
 */
final class FailedAttempts {

    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LAST_RETRY = Duration.ofMinutes(30);

    /**
     * The last failure of an app.
     *
     * @param specHash the spec that failed
     * @param message  why
     * @param retryAt  when to try again; {@code null} = only after a new desired document
     * @param failures how many times in a row this spec failed
     */
    record Attempt(String specHash, String message, Instant retryAt, int failures) {
    }

    private final Map<String, Attempt> attempts = new HashMap<>();

    /** The failure that keeps the agent from trying {@code specHash} of {@code app} now, if any. */
    Optional<Attempt> blocking(String app, String specHash, Instant now) {
        Attempt attempt = attempts.get(app);
        if (attempt == null || !attempt.specHash().equals(specHash)) {
            return Optional.empty();
        }
        return attempt.retryAt() == null || now.isBefore(attempt.retryAt()) ? Optional.of(attempt) : Optional.empty();
    }

    void failed(String app, String specHash, AppFailure failure, Instant now) {
        Attempt previous = attempts.get(app);
        int failures = previous != null && previous.specHash().equals(specHash) ? previous.failures() + 1 : 1;
        Instant retryAt = null;
        if (failure.retryable()) {
            long factor = 1L << Math.min(failures - 1, 10);
            Duration delay = FIRST_RETRY.multipliedBy(factor);
            retryAt = now.plus(delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay);
        }
        attempts.put(app, new Attempt(specHash, failure.getMessage(), retryAt, failures));
    }

    void succeeded(String app) {
        attempts.remove(app);
    }

    /** Forgets every failure: a new desired document is a new instruction. */
    void clear() {
        attempts.clear();
    }
}

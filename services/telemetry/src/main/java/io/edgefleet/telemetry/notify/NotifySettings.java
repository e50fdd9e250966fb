package io.edgefleet.telemetry.notify;

import io.edgefleet.kit.config.Env;
import java.time.Duration;

/**
 * How webhook deliveries are made.
 *
 * @param poll       how often the worker looks for due deliveries ({@code EDGEFLEET_WEBHOOK_POLL_MILLIS}, default
 *                   1000); an enqueue wakes it at once as well
 * @param timeout    how long one POST may take ({@code EDGEFLEET_WEBHOOK_TIMEOUT_MILLIS}, default 10000)
 * @param backoff    the first retry's ceiling; each further retry doubles it, with full jitter
 *                   ({@code EDGEFLEET_WEBHOOK_BACKOFF_MILLIS}, default 2000)
 * @param maxBackoff the largest wait between two attempts ({@code EDGEFLEET_WEBHOOK_MAX_BACKOFF_SECONDS}, default 600)
 * @param keep       how long delivered and dead deliveries stay listed ({@code EDGEFLEET_WEBHOOK_KEEP_DAYS}, default 14)
 */
public record NotifySettings(Duration poll, Duration timeout, Duration backoff, Duration maxBackoff, Duration keep) {

    public static NotifySettings fromEnv(Env env) {
        return new NotifySettings(
                Duration.ofMillis(env.integer("EDGEFLEET_WEBHOOK_POLL_MILLIS", 1000, 50, 60_000)),
                Duration.ofMillis(env.integer("EDGEFLEET_WEBHOOK_TIMEOUT_MILLIS", 10_000, 100, 120_000)),
                Duration.ofMillis(env.integer("EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", 2000, 10, 600_000)),
                Duration.ofSeconds(env.integer("EDGEFLEET_WEBHOOK_MAX_BACKOFF_SECONDS", 600, 1, 86_400)),
                Duration.ofDays(env.integer("EDGEFLEET_WEBHOOK_KEEP_DAYS", 14, 1, 365)));
    }

    /** The wait before attempt {@code attempts + 1}: random in [ceiling/2, ceiling], ceiling = backoff * 2^(attempts-1). */
    public long retryDelayMillis(int attempts, double random) {
        long ceiling = Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(Math.max(attempts - 1, 0), 30));
        return ceiling / 2 + (long) (random * (ceiling - ceiling / 2));
    }
}

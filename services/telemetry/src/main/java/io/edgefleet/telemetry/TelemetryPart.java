package io.edgefleet.telemetry;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * One part of the telemetry service (metrics, logs, alerts, event subscriptions). {@link TelemetryService} starts
 * every part the same way, so a part is added by listing it there and nothing else changes.
 */
public interface TelemetryPart {

    /** Short name for logs, e.g. {@code "metrics"}. */
    String name();

    /**
     * Deploys the part's consumers and workers. Runs before the broker connection starts: subscriptions made here
     * receive what the persistent session queued while the service was down.
     */
    Future<Void> start(TelemetryContext context);

    /** Mounts the part's routes; they sit behind the internal token and the caller's tenant check. */
    default void mount(Router router) {
    }
}

package io.edgefleet.agent.reconcile;

import java.time.Duration;

/**
 * How the reconciler paces itself.
 *
 * @param interval          a full pass runs at least this often, even when no event arrived
 * @param debounce          how long Docker events are gathered before they trigger a pass
 * @param watchWindow       how long a replacing container must keep running before the old one is removed
 * @param minFreeImageBytes the free space the engine's data root must have before the agent pulls an image
 * @param stopTimeout       how long a container gets to stop before Docker kills it when the agent replaces or
 *                          removes it
 * @param containerNamePrefix put before each app's name to name its container (empty: the app's name), so that
 *                          several agents can share one Docker engine (a lab, a test machine)
 */
public record ReconcileSettings(Duration interval, Duration debounce, Duration watchWindow, long minFreeImageBytes,
                                Duration stopTimeout, String containerNamePrefix) {

    /** What a container name prefix may look like: Docker's name characters, short. */
    public static final String PREFIX_PATTERN = "^([a-zA-Z0-9][a-zA-Z0-9_.-]{0,31})?$";

    public static final long MIB = 1024L * 1024;

    /** 30 s passes, 500 ms debounce, 10 s watch window, 1 GiB free before a pull, 10 s to stop. */
    public static final ReconcileSettings DEFAULTS = new ReconcileSettings(Duration.ofSeconds(30),
            Duration.ofMillis(500), Duration.ofSeconds(10), 1024 * MIB, Duration.ofSeconds(10), "");

    public ReconcileSettings {
        if (containerNamePrefix == null || !containerNamePrefix.matches(PREFIX_PATTERN)) {
            throw new IllegalArgumentException("container name prefix '" + containerNamePrefix
                    + "' must match " + PREFIX_PATTERN);
        }
    }

    /** The same settings with another watch window. */
    public ReconcileSettings withWatchWindow(Duration window) {
        return new ReconcileSettings(interval, debounce, window, minFreeImageBytes, stopTimeout, containerNamePrefix);
    }

    /** The same settings with another minimum of free space before a pull. */
    public ReconcileSettings withMinFreeImageBytes(long bytes) {
        return new ReconcileSettings(interval, debounce, watchWindow, bytes, stopTimeout, containerNamePrefix);
    }

    /** The same settings with another container name prefix. */
    public ReconcileSettings withContainerNamePrefix(String prefix) {
        return new ReconcileSettings(interval, debounce, watchWindow, minFreeImageBytes, stopTimeout, prefix);
    }

    /** The name of the container that runs {@code app}. */
    public String containerName(String app) {
        return containerNamePrefix + app;
    }
}

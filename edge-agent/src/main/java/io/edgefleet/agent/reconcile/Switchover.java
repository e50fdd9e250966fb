package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.agent.runtime.RuntimeFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces an app's container with one of a new spec so that a bad new revision cannot take the app down: the new
 * container is created under a temporary name while the old one still runs, then the old one is stopped, the new one
 * started and watched for the watch window. If it does not keep running, it is removed and the old one started again;
 * otherwise the old one is removed and the new one takes the app's name. The image must already be present.
 */
final class Switchover {

    private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);
    private static final long POLL_MILLIS = 250;
    private static final int REASON_LOG_LINES = 3;

    private final ContainerRuntime runtime;
    private final ReconcileSettings settings;
    private final Clock clock;

    Switchover(ContainerRuntime runtime, ReconcileSettings settings, Clock clock) {
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param create creates the new container (stopped) under the temporary name and returns its id
     * @return the new container, now under the app's name
     * @throws AppFailure when the new container cannot be created, started or kept running; the old one runs again
     */
    ContainerInfo replace(String app, String temporaryName, ContainerInfo old, Supplier<String> create) {
        String newId;
        try {
            newId = create.get();
        } catch (RuntimeFailure e) {
            throw new AppFailure("cannot create the new container: " + e.getMessage(),
                    e.kind() != RuntimeFailure.Kind.INVALID);
        }
        boolean oldWasUp = old.isUp();
        String oldRevision = old.labels().get(ManagedLabels.REVISION);
        if (oldWasUp) {
            runtime.stop(old.id(), (int) settings.stopTimeout().toSeconds());
        }
        Optional<String> trouble;
        try {
            runtime.start(newId);
            trouble = watch(newId);
        } catch (RuntimeFailure e) {
            trouble = Optional.of("does not start: " + e.getMessage());
        } catch (AppFailure stopping) {
            trouble = Optional.of("was not watched to the end: " + stopping.getMessage());
        }
        if (trouble.isPresent()) {
            rollBack(app, newId, old, oldWasUp);
            String restored = oldWasUp ? "; revision " + oldRevision + " runs again" : "";
            throw new AppFailure("the new container " + trouble.get() + restored, false);
        }
        runtime.remove(old.id(), true, false);
        runtime.rename(newId, app);
        return runtime.find(newId).orElseThrow(() -> new AppFailure(
                "the new container " + newId + " vanished right after the switchover", true));
    }

    /** Watches the started container; returns what went wrong, empty when it kept running through the window. */
    private Optional<String> watch(String id) {
        Instant end = clock.instant().plus(settings.watchWindow());
        do {
            sleep();
            Optional<ContainerInfo> now = runtime.find(id);
            if (now.isEmpty()) {
                return Optional.of("was removed during its watch window");
            }
            ContainerInfo container = now.get();
            if (container.restartCount() > 0) {
                return Optional.of("kept exiting within the " + settings.watchWindow().toSeconds() + " s watch window"
                        + " (Docker restarted it " + container.restartCount() + " times)" + lastWords(id));
            }
            if (!"running".equals(container.state())) {
                return Optional.of("did not keep running for the " + settings.watchWindow().toSeconds()
                        + " s watch window (" + container.status() + ")" + lastWords(id));
            }
        } while (clock.instant().isBefore(end));
        return Optional.empty();
    }

    private String lastWords(String id) {
        try {
            List<String> lines = runtime.logs(id, REASON_LOG_LINES, null, false);
            if (lines.isEmpty()) {
                return "";
            }
            String text = String.join(" | ", lines).strip();
            return "; last output: " + (text.length() > 300 ? text.substring(text.length() - 300) : text);
        } catch (RuntimeFailure e) {
            return "";
        }
    }

    private void rollBack(String app, String newId, ContainerInfo old, boolean oldWasUp) {
        try {
            runtime.remove(newId, true, true);
        } catch (RuntimeFailure e) {
            LOG.warn("app {}: cannot remove the failed new container {}: {}", app, newId, e.getMessage());
        }
        if (oldWasUp) {
            runtime.start(old.id());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppFailure("the agent is stopping", true);
        }
    }
}

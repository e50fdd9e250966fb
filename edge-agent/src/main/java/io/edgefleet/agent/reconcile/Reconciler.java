package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.control.LinkSettings;
import io.edgefleet.agent.desired.DesiredApp;
import io.edgefleet.agent.desired.DesiredDocument;
import io.edgefleet.agent.desired.DesiredParser;
import io.edgefleet.agent.desired.LogShipping;
import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.AppStatus.Phase;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RuntimeEvent;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.agent.runtime.RuntimeFailure;
import io.edgefleet.agent.store.AppFiles;
import io.edgefleet.agent.store.DesiredStore;
import io.edgefleet.schemas.JsonSchemas;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns desired versus actual. One thread, {@code reconciler}, does everything here: it takes desired documents
 * (checks, stores and applies them), lists the engine's containers, and runs a pass over every app
 * ({@link AppReconciler}) and over managed containers no longer desired. A pass runs when a document is accepted,
 * {@link ReconcileSettings#debounce()} after Docker events (a burst of events gives one pass), and every
 * {@link ReconcileSettings#interval()}. After each pass, and whenever an app's phase changes in the middle of one,
 * the {@link Inventory} goes to the sink. Only containers labelled as managed by this endpoint are ever changed.
 *
 * <p>Work on an app holds that app's lock in {@link ContainerLocks}, which the command executor takes too.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ReconcileSettings settings;
    private final Clock clock;
    private final ContainerRuntime runtime;
    private final ContainerLocks locks;
    private final Consumer<Inventory> sink;
    private final Consumer<LinkSettings> linkSink;
    private final DesiredIntake intake;
    private final AppStatusBook book;
    private final FailedAttempts attempts = new FailedAttempts();
    private final AppReconciler apps;
    private final AppFiles files;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean passPending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LatestDesired latestDesired = new LatestDesired();

    private DesiredDocument desired;
    private volatile Map<String, LogShipping> logShipping = Map.of();
    private Refusal refusal;
    private long observedGeneration;
    private List<ContainerInfo> containers = List.of();
    private AutoCloseable events;
    private boolean engineDown;

    public Reconciler(ReconcileSettings settings, String endpointId, ContainerRuntime runtime, DesiredStore store,
                      AppFiles files, ContainerLocks locks, Clock clock, Consumer<Inventory> sink,
                      Consumer<LinkSettings> linkSink) {
        this.settings = settings;
        this.clock = clock;
        this.runtime = runtime;
        this.locks = locks;
        this.sink = sink;
        this.linkSink = linkSink;
        this.intake = new DesiredIntake(new DesiredParser(JsonSchemas.load(), endpointId), store);
        this.book = new AppStatusBook(clock);
        this.files = files;
        this.apps = new AppReconciler(runtime, endpointId, settings, book, attempts, files, clock, this::publish);
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(1, task -> new Thread(task, "reconciler"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** Loads the stored desired document, follows Docker events and starts the periodic passes; returns at once. */
    public void start() {
        submit(() -> {
            desired = intake.loadStored().orElse(null);
            if (desired != null) {
                linkSink.accept(desired.link());
            }
            noteLogShipping();
            pass();
        });
        long interval = settings.interval().toMillis();
        thread.scheduleWithFixedDelay(() -> guarded(this::pass), interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Hands over a desired document as received; any thread, returns at once. Documents that arrive while the
     * reconciler is busy are coalesced: only the newest generation is applied.
     */
    public void desiredReceived(byte[] payload) {
        latestDesired.offer(payload);
        submit(() -> latestDesired.take().ifPresent(this::receive));
    }

    private void receive(byte[] payload) {
        long held = desired == null ? 0 : desired.generation();
        long refused = refusal == null ? 0 : refusal.generation();
        DesiredIntake.Result result = intake.receive(payload, held, refused);
        if (result instanceof DesiredIntake.Accepted accepted) {
            desired = accepted.document();
            linkSink.accept(desired.link());
            noteLogShipping();
            refusal = null;
            attempts.clear();
            pass();
        } else if (result instanceof DesiredIntake.Refused refusedResult) {
            refusal = new Refusal(refusedResult.refusal(), clock.instant());
            publish();
        }
    }

    /**
     * The apps of the current desired document whose log is shipped, with their settings; any thread. Changes with
     * the document, before the pass that follows it publishes its inventory.
     */
    public Map<String, LogShipping> logShipping() {
        return logShipping;
    }

    private void noteLogShipping() {
        Map<String, LogShipping> shipped = new java.util.TreeMap<>();
        if (desired != null) {
            desired.apps().stream().filter(app -> app.isValid() && app.logShipping().enabled())
                    .forEach(app -> shipped.put(app.name(), app.logShipping()));
        }
        logShipping = Map.copyOf(shipped);
    }

    private void onEvent(RuntimeEvent event) {
        if (!passPending.getAndSet(true)) {
            try {
                thread.schedule(() -> guarded(this::pass), settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                passPending.set(false);
            }
        }
    }

    private void pass() {
        passPending.set(false);
        followEvents();
        if (!list()) {
            return;
        }
        if (desired != null) {
            if (markPending()) {
                publish();
            }
            boolean everyApp = true;
            for (DesiredApp app : desired.apps()) {
                everyApp &= reconcile(app);
            }
            everyApp &= removeUndesired();
            if (!list()) {
                return;
            }
            if (everyApp) {
                observedGeneration = Math.max(observedGeneration, desired.generation());
            }
            files.prune(filesInUse());
        }
        apps.forgetGone(containers);
        publish();
    }

    /** Per app, the spec hashes whose files a desired spec or an existing container of this endpoint still needs. */
    private Map<String, Set<String>> filesInUse() {
        Map<String, Set<String>> keep = new HashMap<>();
        desired.apps().stream().filter(DesiredApp::isValid)
                .forEach(app -> keep.computeIfAbsent(app.name(), k -> new HashSet<>()).add(app.specHash()));
        for (ContainerInfo container : containers) {
            String hash = container.labels().get(ManagedLabels.SPEC_HASH);
            if (apps.ours(container) && container.app() != null && hash != null) {
                keep.computeIfAbsent(container.app(), k -> new HashSet<>()).add(hash);
            }
        }
        return keep;
    }

    /** Apps the agent has not worked on yet are Pending, so that a long pull of one does not hide the others. */
    private boolean markPending() {
        boolean added = false;
        for (DesiredApp app : desired.apps()) {
            if (book.get(app.name()).isEmpty()) {
                added |= book.set(app.name(), app.revision(), Phase.Pending, null, null, null);
            }
        }
        return added;
    }

    /** Works on one app unless a command holds it; returns whether it was worked on. */
    private boolean reconcile(DesiredApp app) {
        try {
            boolean done = locks.tryWithLock(ContainerLocks.appKey(app.name()),
                    () -> apps.reconcile(app, containers, desired.registries()));
            if (!done) {
                // the command's own Docker events bring the next pass
                LOG.debug("app {}: a command is working on it, reconciling it later", app.name());
            }
            return done;
        } catch (RuntimeException e) {
            LOG.error("app {}: reconcile step failed unexpectedly", app.name(), e);
            return true;
        }
    }

    private boolean list() {
        try {
            containers = runtime.list();
            if (engineDown) {
                LOG.info("the Docker engine answers again");
            }
            engineDown = false;
            return true;
        } catch (RuntimeFailure e) {
            if (!engineDown) {
                LOG.warn("cannot list the containers, reconciling waits for the Docker engine: {}", e.getMessage());
            }
            engineDown = true;
            return false;
        }
    }

    private boolean removeUndesired() {
        Set<String> wanted = new HashSet<>();
        desired.apps().forEach(app -> wanted.add(app.name()));
        boolean all = true;
        for (ContainerInfo container : containers) {
            String app = container.app();
            if (!apps.ours(container) || app == null || wanted.contains(app)) {
                continue;
            }
            all &= locks.tryWithLock(ContainerLocks.appKey(app), () -> remove(app, container));
        }
        Set<String> keep = new HashSet<>(wanted);
        containers.stream().filter(apps::ours).map(ContainerInfo::app).forEach(keep::add);
        book.retainOnly(keep);
        return all;
    }

    private void remove(String app, ContainerInfo container) {
        book.set(app, book.get(app).map(AppStatus::revision).orElse(null), Phase.Removing,
                "no longer desired", container.id(), null);
        publish();
        try {
            if (container.isUp()) {
                runtime.stop(container.id(), (int) settings.stopTimeout().toSeconds());
            }
            runtime.remove(container.id(), true, false);
            book.remove(app);
            LOG.info("app {}: removed container {}, the app is no longer desired", app, container.id());
        } catch (RuntimeFailure e) {
            LOG.warn("app {}: cannot remove container {}: {}", app, container.id(), e.getMessage());
            book.set(app, null, Phase.Removing, "cannot remove it: " + e.getMessage(), container.id(), null);
        }
    }

    private void followEvents() {
        if (events != null) {
            return;
        }
        try {
            events = runtime.events(this::onEvent);
        } catch (RuntimeFailure e) {
            LOG.debug("cannot follow Docker events yet: {}", e.getMessage());
        }
    }

    private void publish() {
        List<AppStatus> statuses = book.snapshot();
        sink.accept(refusal == null ? new Inventory(observedGeneration, statuses, containers)
                : new Inventory(refusal.observedGeneration(observedGeneration), refusal.overlay(statuses), containers));
    }

    private void submit(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("the reconciler is stopping; dropped a task");
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a failed periodic task would never run again
            LOG.error("reconcile step failed", e);
        }
    }

    /** Lets a pass under way finish (including a switchover's watch window), then stops following events. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        thread.shutdown();
        try {
            long grace = settings.watchWindow().plus(settings.stopTimeout()).plusSeconds(5).toMillis();
            if (!thread.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (events != null) {
            try {
                events.close();
            } catch (Exception e) {
                LOG.debug("closing the Docker event stream failed: {}", e.toString());
            }
        }
    }
}

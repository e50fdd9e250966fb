package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.desired.DesiredApp;
import io.edgefleet.agent.desired.VolumeMount;
import io.edgefleet.agent.payload.AppStatus.Phase;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.agent.runtime.RegistryCredential;
import io.edgefleet.agent.runtime.RuntimeFailure;
import io.edgefleet.agent.store.AppFiles;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one app's container to its spec: creates it when missing, replaces it when its spec hash differs
 * ({@link Switchover}), starts it when it was only created, restarts it when unhealthy and the spec asks for that,
 * and reports everything else as it is. Runs on the reconciler thread with the app's lock held.
 */
final class AppReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(AppReconciler.class);

    private final ContainerRuntime runtime;
    private final ReconcileSettings settings;
    private final String endpointId;
    private final AppStatusBook book;
    private final FailedAttempts attempts;
    private final ImageFetcher images;
    private final Switchover switchover;
    private final Clock clock;
    private final Runnable statusChanged;
    private final AppFiles files;
    /** Restarts the agent made for an unhealthy container, by container id. */
    private final Map<String, Integer> unhealthyRestarts = new HashMap<>();

    AppReconciler(ContainerRuntime runtime, String endpointId, ReconcileSettings settings, AppStatusBook book,
                  FailedAttempts attempts, AppFiles files, Clock clock, Runnable statusChanged) {
        this.runtime = runtime;
        this.settings = settings;
        this.endpointId = endpointId;
        this.book = book;
        this.attempts = attempts;
        this.images = new ImageFetcher(runtime, settings.minFreeImageBytes());
        this.switchover = new Switchover(runtime, settings, clock);
        this.clock = clock;
        this.statusChanged = statusChanged;
        this.files = files;
    }

    /** The name a replacing container has until it has proven itself; app names are lowercase, so never an app's. */
    static String temporaryName(String app) {
        return app + "_NEXT";
    }

    /** The labels that mark the app's container as edgefleet's. */
    Map<String, String> labels(DesiredApp app) {
        return Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, app.name(),
                ManagedLabels.REVISION, String.valueOf(app.revision()), ManagedLabels.SPEC_HASH, app.specHash(),
                ManagedLabels.ENDPOINT, endpointId);
    }

    boolean ours(ContainerInfo container) {
        return container.managed() && endpointId.equals(container.labels().get(ManagedLabels.ENDPOINT));
    }

    /** Works on one app; a failure is reported as the app's status and never stops the pass over the others. */
    void reconcile(DesiredApp app, List<ContainerInfo> containers, List<RegistryCredential> registries) {
        String name = settings.containerName(app.name());
        Optional<ContainerInfo> primary = named(containers, name);
        if (!app.isValid()) {
            status(app, Phase.Failed, app.problem(), primary.filter(this::ours).orElse(null));
            return;
        }
        if (primary.isPresent() && !ours(primary.get())) {
            status(app, Phase.Failed, "a container named " + name + " exists that edgefleet does not manage;"
                    + " rename or remove it", null);
            return;
        }
        try {
            primary = adoptLeftover(app, primary, named(containers, temporaryName(name)).filter(this::ours));
            apply(app, primary, registries);
        } catch (AppFailure failure) {
            failed(app, failure, primary.map(ContainerInfo::id).flatMap(this::findQuietly).orElse(null));
        } catch (RuntimeFailure failure) {
            failed(app, new AppFailure(failure.getMessage(), true),
                    primary.map(ContainerInfo::id).flatMap(this::findQuietly).orElse(null));
        }
    }

    private void apply(DesiredApp app, Optional<ContainerInfo> primary, List<RegistryCredential> registries) {
        Optional<FailedAttempts.Attempt> blocked = attempts.blocking(app.name(), app.specHash(), clock.instant());
        boolean matches = primary.isPresent()
                && app.specHash().equals(primary.get().labels().get(ManagedLabels.SPEC_HASH));
        if (blocked.isPresent() && !matches) {
            status(app, Phase.Failed, blocked.get().message(), primary.orElse(null));
        } else if (primary.isEmpty()) {
            create(app, registries);
        } else if (!matches) {
            replace(app, primary.get(), registries);
        } else {
            observe(app, primary.get());
        }
    }

    private Optional<ContainerInfo> findQuietly(String id) {
        try {
            return runtime.find(id);
        } catch (RuntimeFailure e) {
            return Optional.empty();
        }
    }

    private Optional<ContainerInfo> adoptLeftover(DesiredApp app, Optional<ContainerInfo> primary,
                                                  Optional<ContainerInfo> leftover) {
        if (leftover.isEmpty()) {
            return primary;
        }
        // the agent stopped in the middle of a switchover
        if (primary.isPresent()) {
            LOG.info("app {}: removing the replacement container {} left over from an interrupted switchover",
                    app.name(), leftover.get().id());
            runtime.remove(leftover.get().id(), true, true);
            return primary;
        }
        LOG.info("app {}: the previous container is gone, keeping its replacement {} left over from an interrupted "
                + "switchover", app.name(), leftover.get().id());
        runtime.rename(leftover.get().id(), settings.containerName(app.name()));
        return runtime.find(leftover.get().id());
    }

    private void create(DesiredApp app, List<RegistryCredential> registries) {
        pull(app, registries, null);
        String id = runtime.create(settings.containerName(app.name()), withFiles(app), labels(app));
        try {
            runtime.start(id);
        } catch (RuntimeFailure e) {
            runtime.remove(id, true, true);
            throw new AppFailure("container of revision " + app.revision() + " does not start: " + e.getMessage(),
                    true);
        }
        LOG.info("app {}: created and started container {} (revision {})", app.name(), id, app.revision());
        attempts.succeeded(app.name());
        status(app, Phase.Starting, null, runtime.find(id).orElse(null));
    }

    private void replace(DesiredApp app, ContainerInfo old, List<RegistryCredential> registries) {
        pull(app, registries, old);
        status(app, Phase.Starting, "replacing revision " + old.labels().get(ManagedLabels.REVISION), old);
        statusChanged.run();
        String name = settings.containerName(app.name());
        AppSpec spec = withFiles(app);
        ContainerInfo replacement = switchover.replace(name, temporaryName(name), old,
                () -> runtime.create(temporaryName(name), spec, labels(app)));
        attempts.succeeded(app.name());
        unhealthyRestarts.remove(old.id());
        LOG.info("app {}: revision {} replaced revision {} (container {})", app.name(), app.revision(),
                old.labels().get(ManagedLabels.REVISION), replacement.id());
        observe(app, replacement);
    }

    /**
     * The spec to create the container from: the app's spec plus a read-only bind mount per file, written first. The
     * labels keep the hash of the spec as desired, so a change of a file's content replaces the container.
     */
    private AppSpec withFiles(DesiredApp app) {
        AppSpec spec = app.spec();
        if (spec.files().isEmpty()) {
            return spec;
        }
        List<java.nio.file.Path> written;
        try {
            written = files.materialize(app.name(), app.specHash(), spec.files());
        } catch (UncheckedIOException e) {
            throw new AppFailure(e.getMessage() + ": " + e.getCause().getMessage(), true);
        }
        List<VolumeMount> binds = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            binds.add(new VolumeMount.Bind(written.get(i).toString(), spec.files().get(i).path(), true));
        }
        return spec.withExtraVolumes(binds);
    }

    private void pull(DesiredApp app, List<RegistryCredential> registries, ContainerInfo current) {
        if (images.needsPull(app.spec())) {
            status(app, Phase.Pulling, "pulling " + app.spec().image(), current);
            statusChanged.run();
        }
        images.fetch(app.name(), app.spec(), registries);
    }

    private void observe(DesiredApp app, ContainerInfo container) {
        switch (container.state()) {
            case "created" -> {
                runtime.start(container.id());
                status(app, Phase.Starting, null, runtime.find(container.id()).orElse(container));
            }
            case "running" -> running(app, container);
            case "restarting" -> status(app, Phase.Starting, "Docker is restarting it: " + container.status(),
                    container);
            case "paused" -> status(app, Phase.Stopped, "paused", container);
            default -> status(app, Phase.Stopped, container.status(), container);
        }
    }

    private void running(DesiredApp app, ContainerInfo container) {
        if ("unhealthy".equals(container.health()) && app.spec().restartOnUnhealthy()) {
            LOG.warn("app {}: container {} is unhealthy, restarting it", app.name(), container.id());
            runtime.restart(container.id(), 10);
            unhealthyRestarts.merge(container.id(), 1, Integer::sum);
            status(app, Phase.Starting, "restarted by the agent because it was unhealthy",
                    runtime.find(container.id()).orElse(container));
            return;
        }
        boolean starting = "starting".equals(container.health());
        String message = "unhealthy".equals(container.health()) ? "running but unhealthy" : null;
        status(app, starting ? Phase.Starting : Phase.Running, message, container);
    }

    private void failed(DesiredApp app, AppFailure failure, ContainerInfo current) {
        LOG.warn("app {} (revision {}): {}", app.name(), app.revision(), failure.getMessage());
        attempts.failed(app.name(), app.specHash(), failure, clock.instant());
        status(app, Phase.Failed, failure.getMessage(), current);
    }

    private void status(DesiredApp app, Phase phase, String message, ContainerInfo container) {
        String id = container == null ? null : container.id();
        Integer restarts = container == null ? null
                : container.restartCount() + unhealthyRestarts.getOrDefault(container.id(), 0);
        book.set(app.name(), app.revision(), phase, message, id, restarts);
    }

    /** Forgets per-container counters of containers that no longer exist. */
    void forgetGone(List<ContainerInfo> containers) {
        unhealthyRestarts.keySet().retainAll(containers.stream().map(ContainerInfo::id).toList());
    }

    static Optional<ContainerInfo> named(List<ContainerInfo> containers, String name) {
        return containers.stream().filter(container -> container.name().equals(name)).findFirst();
    }
}

package io.edgefleet.agent;

import io.edgefleet.agent.command.CommandProcessor;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.control.LinkSettings;
import io.edgefleet.agent.control.MqttControlChannel;
import io.edgefleet.agent.host.FactsCollector;
import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.agent.reconcile.ContainerLocks;
import io.edgefleet.agent.reconcile.Inventory;
import io.edgefleet.agent.reconcile.Reconciler;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.DockerContainerRuntime;
import io.edgefleet.agent.store.AppFiles;
import io.edgefleet.agent.store.CommandLog;
import io.edgefleet.agent.store.DesiredStore;
import io.edgefleet.agent.store.ReplyOutbox;
import io.edgefleet.agent.store.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: announces presence on every connection, sends heartbeats, keeps the retained state current,
 * applies desired documents and executes commands.
 *
 * <p>Three threads, each owning its part; MQTT and Docker callbacks only hand work over to them:
 * <ul>
 *   <li>{@code agent-loop}: presence, heartbeats, facts (/proc, Docker's version), publishing the state and the
 *       queued replies. Nothing slow runs here, so heartbeats keep their rhythm.</li>
 *   <li>{@code reconciler} ({@link Reconciler}): desired versus actual, the container inventory, Docker events.</li>
 *   <li>{@code commands} ({@link CommandProcessor}): one command at a time; a container's lock keeps it and the
 *       reconciler from working on the same container at once.</li>
 * </ul>
 * Telemetry ({@link Telemetry}) has threads of its own: collecting metrics, following shipped logs, and one sender
 * per stream that drains its on-disk buffer to the broker.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration SHUTDOWN_STEP_TIMEOUT = Duration.ofSeconds(5);
    static final int COMMAND_LOG_ENTRIES = 10_000;
    static final Duration COMMAND_LOG_AGE = Duration.ofDays(7);
    static final int OUTBOX_CAPACITY = 1_000;

    private final AgentConfig config;
    private final ControlChannel channel;
    private final ContainerRuntime runtime;
    private final StateStore store;
    private final FactsCollector factsCollector;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Executor onLoop = this::submit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private final StatePublisher state;
    private final ReplySender replies;
    private final Reconciler reconciler;
    private final CommandProcessor commands;
    private final Telemetry telemetry;

    private long heartbeatSeq;

    Agent(AgentConfig config, ControlChannel channel, ContainerRuntime runtime, StateStore store,
          FactsCollector factsCollector, Clock clock) throws IOException {
        this.config = config;
        this.channel = channel;
        this.runtime = runtime;
        this.store = store;
        this.factsCollector = factsCollector;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "agent-loop"));
        this.state = new StatePublisher(channel, store, clock, onLoop, AgentVersion.current());
        ReplyOutbox outbox = ReplyOutbox.open(config.dataDir(), OUTBOX_CAPACITY);
        this.replies = new ReplySender(channel, outbox, onLoop);
        ContainerLocks locks = new ContainerLocks(config.endpointId());
        this.reconciler = new Reconciler(config.reconcile(), config.endpointId(), runtime,
                new DesiredStore(config.dataDir()), new AppFiles(config.dataDir()), locks, clock, this::inventoryChanged, channel::useLink);
        CommandLog log = CommandLog.open(config.dataDir(), COMMAND_LOG_ENTRIES, COMMAND_LOG_AGE, clock.instant());
        this.commands = new CommandProcessor(runtime, locks, log, outbox, clock, () -> submit(replies::flush));
        this.telemetry = Telemetry.open(config, channel, runtime, reconciler::logShipping, clock);
    }

    /**
     * Opens the data dir, prepares the Docker client, starts reconciling from the stored desired document and starts
     * connecting; returns at once. The connection comes up in the background and is retried until {@link #close()};
     * reconciling does not wait for it.
     *
     * @throws IOException when the data dir cannot be used or the truststore cannot be loaded
     */
    public static Agent start(AgentConfig config) throws IOException {
        StateStore store = StateStore.open(config.dataDir());
        try {
            ControlChannel channel = new MqttControlChannel(config);
            ContainerRuntime runtime = DockerContainerRuntime.forHost(config.dockerHost());
            String version = AgentVersion.current();
            FactsCollector facts = new FactsCollector(Path.of("/"), config.dataDir(), runtime, version);
            Agent agent = new Agent(config, channel, runtime, store, facts, Clock.systemUTC());
            agent.connectAndSchedule(version);
            return agent;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    void connectAndSchedule(String version) {
        StateStore.Snapshot previous = store.snapshot();
        LOG.info("agent {} starting: endpoint {} of tenant {}, broker {}, data dir {}, {} earlier connections",
                version, config.endpointId(), config.tenant(), config.broker(), config.dataDir(),
                previous.connectionCount());
        // the first CONNECT already uses the link settings of the stored desired document
        channel.useLink(storedLink());
        reconciler.start();
        commands.recoverInterrupted();
        telemetry.start();
        // collected while the first connect is under way, so the first state follows the presence at once
        submit(() -> state.facts(factsCollector.collect()));
        channel.connect(new ControlChannel.Listener() {
            @Override
            public void connected(String connectionId) {
                submit(() -> announce(connectionId));
                telemetry.connected();
            }

            @Override
            public void disconnected() {
                // nothing to undo: heartbeats, state and replies wait for the next connect, which sends them
            }

            @Override
            public void desiredReceived(byte[] payload) {
                reconciler.desiredReceived(payload);
            }

            @Override
            public void commandReceived(ControlChannel.Inbound command) {
                commands.received(command);
            }
        });
        int heartbeat = config.heartbeatIntervalSeconds();
        int stateInterval = config.stateIntervalSeconds();
        periodic.add(loop.scheduleAtFixedRate(guarded("heartbeat", this::heartbeat), heartbeat, heartbeat,
                TimeUnit.SECONDS));
        periodic.add(loop.scheduleWithFixedDelay(guarded("facts check", this::checkFacts), stateInterval,
                stateInterval, TimeUnit.SECONDS));
    }

    /**
     * The link settings of the desired document stored by an earlier run (checked when it was accepted; the reconciler
     * checks it again and passes its settings on too), the defaults when there is none or it cannot be read.
     */
    private LinkSettings storedLink() {
        try {
            return new DesiredStore(config.dataDir()).load().map(json -> LinkSettings.fromDesired(json.get("link")))
                    .orElse(LinkSettings.DEFAULT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the link settings of the stored desired document: {}; using the defaults", e.toString());
            return LinkSettings.DEFAULT;
        }
    }

    private void inventoryChanged(Inventory inventory) {
        telemetry.containers(inventory.containers());
        submit(() -> {
            state.inventory(inventory);
            state.publish(false);
        });
    }

    private void submit(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            loop.execute(guarded("agent task", task));
        } catch (RejectedExecutionException e) {
            LOG.debug("agent is stopping; dropped a task");
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: keep the schedule alive
                LOG.error("{} failed", what, e);
            }
        };
    }

    private void announce(String connectionId) {
        Instant now = clock.instant();
        try {
            store.recordConnection(connectionId, now);
        } catch (IOException e) {
            LOG.warn("cannot record connection {} in {}: {}", connectionId, config.dataDir(), e.toString());
        }
        channel.publishPresence(Presence.online(now, AgentVersion.current(), connectionId))
                .whenCompleteAsync((ok, failure) -> {
                    if (failure == null) {
                        LOG.info("presence online published, connection {}", connectionId);
                    } else {
                        LOG.warn("presence online for connection {} not acknowledged: {}", connectionId,
                                failure.toString());
                    }
                }, onLoop);
        if (!state.hasFacts()) {
            state.facts(factsCollector.collect());
        }
        state.publish(true);
        replies.flush();
    }

    private void heartbeat() {
        if (!channel.isConnected()) {
            return;
        }
        Heartbeat beat = new Heartbeat(heartbeatSeq++, clock.instant(), config.heartbeatIntervalSeconds(),
                factsCollector.uptimeSeconds());
        channel.publishHeartbeat(beat).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                LOG.debug("heartbeat {} not sent: {}", beat.seq(), failure.toString());
            }
        }, onLoop);
        // replies whose publish failed go out again with the next heartbeat
        replies.flush();
    }

    private void checkFacts() {
        if (!channel.isConnected()) {
            return;
        }
        state.facts(factsCollector.collect());
        state.publish(false);
    }

    private void goOffline() {
        periodic.forEach(task -> task.cancel(false));
        if (!channel.isConnected()) {
            return;
        }
        try {
            channel.publishPresence(Presence.graceful(clock.instant()))
                    .get(SHUTDOWN_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("presence offline published");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("presence offline not acknowledged before shutdown: {}", e.toString());
        }
    }

    /**
     * Lets the command and the reconcile step under way finish, publishes the graceful offline presence, disconnects
     * normally (no Last Will), and releases Docker and the data dir. Safe to call more than once and from any thread
     * except the agent's own.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("agent stopping");
        telemetry.close();
        commands.close();
        reconciler.close();
        try {
            loop.submit(this::goOffline).get(2 * SHUTDOWN_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("going offline did not finish: {}", e.toString());
        }
        channel.close(SHUTDOWN_STEP_TIMEOUT);
        loop.shutdownNow();
        try {
            loop.awaitTermination(SHUTDOWN_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        try {
            store.close();
        } catch (IOException e) {
            LOG.warn("cannot release the data dir {}: {}", config.dataDir(), e.toString());
        }
        LOG.info("agent stopped");
    }
}

package io.edgefleet.agent;

import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.control.MqttControlChannel;
import io.edgefleet.agent.host.FactsCollector;
import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.agent.payload.StateReport;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.DockerContainerRuntime;
import io.edgefleet.agent.store.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * A running agent: announces presence on every connection, sends heartbeats and keeps the retained state current.
 *
 * <p>One thread, {@code agent-loop}, does all the work that may block (Docker, /proc, the state file) and owns the
 * agent's mutable fields. The channel's callbacks only queue work on it.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration SHUTDOWN_STEP_TIMEOUT = Duration.ofSeconds(5);

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
    private final Facts previousRunFacts;

    private long heartbeatSeq;
    private Facts acknowledgedFacts;
    private Facts startupFacts;

    Agent(AgentConfig config, ControlChannel channel, ContainerRuntime runtime, StateStore store,
          FactsCollector factsCollector, Clock clock) {
        this.config = config;
        this.channel = channel;
        this.runtime = runtime;
        this.store = store;
        this.factsCollector = factsCollector;
        this.clock = clock;
        this.previousRunFacts = store.snapshot().lastPublishedFacts();
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "agent-loop"));
    }

    /**
     * Opens the data dir, prepares the Docker client and starts connecting; returns at once; the connection comes
     * up in the background and is retried until {@link #close()}.
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
        // collected while the first connect is under way, so the first state follows the presence at once
        submit(() -> startupFacts = factsCollector.collect());
        channel.connect(new ControlChannel.Listener() {
            @Override
            public void connected() {
                submit(Agent.this::announce);
            }

            @Override
            public void disconnected() {
                // nothing to undo: heartbeats and state wait for the next connect, which republishes both
            }
        });
        int heartbeat = config.heartbeatIntervalSeconds();
        int state = config.stateIntervalSeconds();
        periodic.add(loop.scheduleAtFixedRate(guarded("heartbeat", this::heartbeat), heartbeat, heartbeat,
                TimeUnit.SECONDS));
        periodic.add(loop.scheduleWithFixedDelay(guarded("facts check", this::checkFacts), state, state,
                TimeUnit.SECONDS));
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

    private void announce() {
        String connectionId = UUID.randomUUID().toString();
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
        Facts facts = startupFacts != null ? startupFacts : factsCollector.collect();
        startupFacts = null;
        publishState(facts);
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
    }

    private void checkFacts() {
        if (!channel.isConnected()) {
            return;
        }
        Facts facts = factsCollector.collect();
        if (facts.differsMateriallyFrom(acknowledgedFacts)) {
            if (acknowledgedFacts != null) {
                LOG.info("facts changed: {}", facts.changedFieldsSince(acknowledgedFacts));
            }
            publishState(facts);
        }
    }

    private void publishState(Facts facts) {
        if (!channel.isConnected()) {
            LOG.debug("not connected; the state goes out on the next connect");
            return;
        }
        StateReport report = StateReport.ofFacts(clock.instant(), facts);
        channel.publishState(report).whenCompleteAsync((ok, failure) -> {
            if (failure == null) {
                stateAcknowledged(report);
            } else {
                LOG.warn("state reported at {} not acknowledged ({}); it is sent again on the next check or connect",
                        report.reportedAt(), failure.toString());
            }
        }, onLoop);
    }

    private void stateAcknowledged(StateReport report) {
        if (acknowledgedFacts == null && report.facts().differsMateriallyFrom(previousRunFacts)
                && previousRunFacts != null) {
            LOG.info("facts changed since the agent last ran: {}", report.facts().changedFieldsSince(previousRunFacts));
        }
        acknowledgedFacts = report.facts();
        LOG.info("state published, reported at {}", report.reportedAt());
        try {
            store.recordPublishedFacts(report.facts(), report.reportedAt());
        } catch (IOException e) {
            LOG.warn("cannot record the published facts in {}: {}", config.dataDir(), e.toString());
        }
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
     * Publishes the graceful offline presence, disconnects normally (no Last Will), and releases Docker and the
     * data dir. Safe to call more than once and from any thread except {@code agent-loop}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("agent stopping");
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

package io.edgefleet.simulator;

import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import io.reactivex.schedulers.Schedulers;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N simulated agents in this JVM. All MQTT clients share one small Netty event loop group ({@code --netty-threads})
 * and one application executor, and one scheduler drives every heartbeat and metrics batch (each agent at its own
 * random phase, so the load is spread over the interval), which is what lets tens of thousands of clients fit into
 * one process.
 */
public final class Fleet implements SimulatedAgent.Observer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Options options;
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final FleetCounters counters = new FleetCounters();
    private final ExecutorService applicationThreads;
    private final ExecutorService nettyThreads;
    private final MqttClientExecutorConfig executors;
    private final ScheduledExecutorService scheduler;
    private final AtomicLongArray fanoutBase;
    private final AtomicLongArray fanoutDoneNanos;
    private final AtomicInteger fanoutDone = new AtomicInteger();
    private volatile long fanoutStartNanos;
    private final Map<Integer, Map<Long, Instant>> probeBatches = new ConcurrentHashMap<>();

    public Fleet(Options options, List<FleetFile.Entry> entries) {
        this.options = options;
        this.nettyThreads = Executors.newFixedThreadPool(options.nettyThreads(), daemon("sim-netty"));
        this.applicationThreads = Executors.newFixedThreadPool(2, daemon("sim-app"));
        this.executors = MqttClientExecutorConfig.builder()
                .nettyExecutor(nettyThreads)
                .nettyThreads(options.nettyThreads())
                .applicationScheduler(Schedulers.from(applicationThreads))
                .build();
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("sim-timer"));
        for (int i = 0; i < entries.size(); i++) {
            agents.add(new SimulatedAgent(i, entries.get(i), options, counters, this));
        }
        this.fanoutBase = new AtomicLongArray(entries.size());
        this.fanoutDoneNanos = new AtomicLongArray(entries.size());
        LOG.info("fleet of {} agents, {} shared event loop threads", entries.size(), options.nettyThreads());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public FleetCounters counters() {
        return counters;
    }

    public int size() {
        return agents.size();
    }

    public List<FleetFile.Entry> entries() {
        return agents.stream().map(agent -> agent.entry).toList();
    }

    /** Agents whose connection is up now. */
    public int connected() {
        return counters.connected.get();
    }

    /**
     * Connects every agent at {@code --ramp-rate} connects per second (round robin over the source addresses) and
     * starts its heartbeats and batches; returns once all first CONNACKs arrived or {@code timeoutMillis} passed.
     *
     * @return seconds from the first connect to the last CONNACK, or -1 when not all were connected in time
     */
    public double connectAll(long timeoutMillis) throws InterruptedException {
        List<InetAddress> sources = options.sourceAddresses();
        long start = System.nanoTime();
        double nanosPerConnect = 1e9 / options.rampRate();
        List<CompletableFuture<Void>> firsts = new ArrayList<>(agents.size());
        long heartbeatMillis = options.heartbeatInterval().toMillis();
        long metricsMillis = options.metricsInterval().toMillis();
        for (int i = 0; i < agents.size(); i++) {
            long due = start + (long) (i * nanosPerConnect);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            SimulatedAgent agent = agents.get(i);
            InetAddress source = sources.isEmpty() ? null : sources.get(i % sources.size());
            firsts.add(agent.connect(options.broker(), source, executors));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            scheduler.scheduleAtFixedRate(guard(agent::heartbeat), random.nextLong(heartbeatMillis), heartbeatMillis,
                    TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(guard(() -> agent.metrics(options.samples())),
                    random.nextLong(metricsMillis), metricsMillis, TimeUnit.MILLISECONDS);
            if ((i + 1) % 1000 == 0) {
                LOG.info("connects started: {}, connected: {}", i + 1, connected());
            }
        }
        try {
            CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, timeoutMillis - (System.nanoTime() - start) / 1_000_000), TimeUnit.MILLISECONDS);
            return (System.nanoTime() - start) / 1e9;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} of {} agents connected after {} ms", connected(), agents.size(), timeoutMillis);
            return -1;
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a failing agent must not cancel its periodic task
                LOG.debug("periodic task failed: {}", e.toString());
            }
        };
    }

    /** Waits until {@code count} agents are connected; false when the deadline passed first. */
    public boolean awaitConnected(int count, long deadlineNanos) throws InterruptedException {
        while (connected() < count) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** From now on, counts agents that report a generation above the one they report now. */
    public void startFanoutTracking() {
        for (int i = 0; i < agents.size(); i++) {
            fanoutBase.set(i, agents.get(i).generation());
            fanoutDoneNanos.set(i, 0);
        }
        fanoutDone.set(0);
        fanoutStartNanos = System.nanoTime();
    }

    /** Agents that reported a newer generation since {@link #startFanoutTracking}. */
    public int fanoutDone() {
        return fanoutDone.get();
    }

    /** Nanoseconds from tracking start to each agent's report of the new generation (0 = not yet), sorted. */
    public long[] fanoutLatencies() {
        long[] result = new long[agents.size()];
        for (int i = 0; i < result.length; i++) {
            long done = fanoutDoneNanos.get(i);
            result[i] = done == 0 ? Long.MAX_VALUE : done - fanoutStartNanos;
        }
        java.util.Arrays.sort(result);
        return result;
    }

    @Override
    public void generationReported(SimulatedAgent agent, long generation) {
        if (fanoutStartNanos != 0 && generation > fanoutBase.get(agent.index)
                && fanoutDoneNanos.compareAndSet(agent.index, 0, System.nanoTime())) {
            fanoutDone.incrementAndGet();
        }
    }

    /** Makes the agents at these indexes lag probes: their batches' sequence numbers and times are remembered. */
    public void probe(List<Integer> indexes) {
        indexes.forEach(index -> probeBatches.put(index, new ConcurrentHashMap<>()));
    }

    /** When the probe's batch {@code seq} was collected, if it was published. */
    public Instant probeBatchAt(int index, long seq) {
        Map<Long, Instant> batches = probeBatches.get(index);
        return batches == null ? null : batches.get(seq);
    }

    @Override
    public void metricsPublished(SimulatedAgent agent, long seq, Instant at) {
        Map<Long, Instant> batches = probeBatches.get(agent.index);
        if (batches != null) {
            batches.put(seq, at);
        }
    }

    /** Closes every agent gracefully (offline presence, normal disconnect) and the shared threads. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            closing.add(agent.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("not every agent closed within 60 s: {}", e.toString());
        }
        nettyThreads.shutdownNow();
        applicationThreads.shutdownNow();
    }
}

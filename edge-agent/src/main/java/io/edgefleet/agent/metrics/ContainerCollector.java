package io.edgefleet.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RuntimeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples of every container on the engine, managed or not. Running containers cost a one-shot stats call and an
 * inspect, every other container an inspect; CPU percent compares a container's counters with those of the previous
 * collection (so a container's first collection has none). A fixed pool of
 * {@code concurrency} threads does them, and a collection waits at most {@code budget}: a container whose answer
 * is late is left out of this batch instead of delaying it. The containers sampled longest ago are asked first, so
 * on an engine too slow to answer for all of them within the budget every container still takes its turn, instead
 * of the same ones at the end of the engine's list being left out of every batch.
 */
public final class ContainerCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCollector.class);
    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");

    private final ContainerRuntime runtime;
    private final ExecutorService pool;
    private final Map<String, ContainerStats.CpuReading> lastCpu = new ConcurrentHashMap<>();
    /** Per container id, the number of the last collection that had its samples. */
    private final Map<String, Long> lastSampled = new HashMap<>();
    private long collections;

    public ContainerCollector(ContainerRuntime runtime, int concurrency) {
        this.runtime = runtime;
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "container-stats-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Collects once, within {@code budget}; an engine that cannot be reached gives no container samples.
     *
     * @throws InterruptedException when the agent stops meanwhile
     */
    public List<Sample> collect(Duration budget) throws InterruptedException {
        List<ContainerInfo> containers;
        try {
            containers = runtime.list();
        } catch (RuntimeFailure e) {
            LOG.debug("no container metrics this time: {}", e.getMessage());
            return List.of();
        }
        collections++;
        List<String> ids = containers.stream().map(ContainerInfo::id).toList();
        lastCpu.keySet().retainAll(ids);
        lastSampled.keySet().retainAll(ids);
        List<ContainerInfo> order = new ArrayList<>(containers);
        order.sort(Comparator.comparingLong(container -> lastSampled.getOrDefault(container.id(), 0L)));
        List<Callable<List<Sample>>> tasks = new ArrayList<>();
        for (ContainerInfo container : order) {
            tasks.add(() -> samplesOf(container));
        }
        List<Sample> samples = new ArrayList<>();
        int late = 0;
        List<Future<List<Sample>>> results = pool.invokeAll(tasks, budget.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < results.size(); i++) {
            try {
                samples.addAll(results.get(i).get());
                lastSampled.put(order.get(i).id(), collections);
            } catch (CancellationException e) {
                late++;
            } catch (ExecutionException e) {
                LOG.debug("no metrics of a container this time: {}", e.getCause().toString());
            }
        }
        if (late > 0) {
            LOG.info("{} of {} containers answered not within {} ms and are missing from this batch", late,
                    containers.size(), budget.toMillis());
        }
        return samples;
    }

    private List<Sample> samplesOf(ContainerInfo container) {
        String name = container.name();
        String app = container.app() != null && APP_NAME.matcher(container.app()).matches() ? container.app() : null;
        List<Sample> samples = new ArrayList<>();
        boolean running = "running".equals(container.state()) || "paused".equals(container.state());
        if (running) {
            JsonNode stats;
            try {
                stats = runtime.stats(container.id());
            } catch (RuntimeFailure e) {
                // it stopped or vanished between the list and now: the next collection sees it as it is
                return List.of();
            }
            ContainerStats.CpuReading now = ContainerStats.cpuReading(stats);
            ContainerStats.CpuReading previous = now == null ? lastCpu.remove(container.id())
                    : lastCpu.put(container.id(), now);
            double cpu = ContainerStats.cpuPercent(stats, previous);
            if (!Double.isNaN(cpu)) {
                samples.add(Sample.container("container_cpu_percent", name, app, cpu));
            }
            samples.add(Sample.container("container_memory_usage_bytes", name, app,
                    ContainerStats.memoryUsage(stats)));
            samples.add(Sample.container("container_memory_limit_bytes", name, app,
                    ContainerStats.memoryLimit(stats)));
            samples.add(Sample.container("container_network_rx_bytes", name, app, ContainerStats.networkRx(stats)));
            samples.add(Sample.container("container_network_tx_bytes", name, app, ContainerStats.networkTx(stats)));
            samples.add(Sample.container("container_blkio_read_bytes", name, app, ContainerStats.blockRead(stats)));
            samples.add(Sample.container("container_blkio_write_bytes", name, app,
                    ContainerStats.blockWrite(stats)));
        }
        JsonNode inspect;
        try {
            inspect = runtime.inspect(container.id());
        } catch (RuntimeFailure e) {
            return samples;
        }
        samples.add(Sample.container("container_restarts", name, app, inspect.path("RestartCount").asLong(0)));
        samples.add(Sample.container("container_oom_killed", name, app,
                inspect.path("State").path("OOMKilled").asBoolean() ? 1 : 0));
        samples.add(Sample.container("container_running", name, app,
                inspect.path("State").path("Running").asBoolean() ? 1 : 0));
        return samples;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package io.edgefleet.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RuntimeFailure;
import java.time.Duration;
import java.util.ArrayList;
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
 * is late is left out of this batch instead of delaying it.
 */
public final class ContainerCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCollector.class);
    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");

    private final ContainerRuntime runtime;
    private final ExecutorService pool;
    private final Map<String, ContainerStats.CpuReading> lastCpu = new ConcurrentHashMap<>();

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
        lastCpu.keySet().retainAll(containers.stream().map(ContainerInfo::id).toList());
        List<Callable<List<Sample>>> tasks = new ArrayList<>();
        for (ContainerInfo container : containers) {
            tasks.add(() -> samplesOf(container));
        }
        List<Sample> samples = new ArrayList<>();
        int late = 0;
        for (Future<List<Sample>> result : pool.invokeAll(tasks, budget.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                samples.addAll(result.get());
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

package io.edgefleet.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The arithmetic of {@code docker stats} on the engine's stats document ({@code GET /containers/{id}/stats}), so
 * that the numbers here match what an operator sees on the machine.
 */
public final class ContainerStats {

    private ContainerStats() {
    }

    /**
     * A container's CPU counters at one moment: its CPU time and the machine's, in nanoseconds.
     *
     * @param container {@code cpu_usage.total_usage}
     * @param system    {@code system_cpu_usage}
     */
    public record CpuReading(long container, long system) {
    }

    /** The CPU counters of a stats document; {@code null} when it has none (a stopped container). */
    public static CpuReading cpuReading(JsonNode stats) {
        return reading(stats.path("cpu_stats"));
    }

    private static CpuReading reading(JsonNode cpu) {
        long system = cpu.path("system_cpu_usage").asLong(0);
        return system == 0 ? null : new CpuReading(cpu.path("cpu_usage").path("total_usage").asLong(0), system);
    }

    /**
     * CPU percent where 100 = one core, as {@code docker stats} computes it: the container's CPU time delta over the
     * system's, times the online CPUs ({@code percpu_usage}'s length on engines that omit {@code online_cpus}). The
     * earlier reading is the engine's {@code precpu_stats} when it sent one (a stats call without one-shot), else
     * {@code previous} (the agent's own reading of the last collection); NaN when there is neither (no value yet,
     * which is not the same as an idle container).
     */
    public static double cpuPercent(JsonNode stats, CpuReading previous) {
        JsonNode cpu = stats.path("cpu_stats");
        CpuReading now = cpuReading(stats);
        CpuReading earlier = reading(stats.path("precpu_stats"));
        if (earlier == null) {
            earlier = previous;
        }
        long online = cpu.path("online_cpus").asLong(0);
        if (online == 0) {
            online = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        if (now == null || earlier == null || online == 0) {
            return Double.NaN;
        }
        double containerDelta = now.container() - earlier.container();
        double systemDelta = now.system() - earlier.system();
        if (containerDelta <= 0 || systemDelta <= 0) {
            return 0;
        }
        return containerDelta / systemDelta * online * 100.0;
    }

    /** {@link #cpuPercent(JsonNode, CpuReading)} with only the engine's own earlier reading. */
    public static double cpuPercent(JsonNode stats) {
        return cpuPercent(stats, null);
    }

    /**
     * Memory usage as the docker CLI shows it: usage minus the inactive page cache ({@code inactive_file} on cgroup
     * v2, {@code total_inactive_file} on v1), falling back to {@code cache} on engines that report neither.
     */
    public static long memoryUsage(JsonNode stats) {
        JsonNode memory = stats.path("memory_stats");
        long usage = memory.path("usage").asLong(0);
        JsonNode detail = memory.path("stats");
        long cache;
        if (detail.has("inactive_file") && !detail.has("total_inactive_file")) {
            cache = detail.path("inactive_file").asLong();
        } else if (detail.has("total_inactive_file")) {
            cache = detail.path("total_inactive_file").asLong();
        } else {
            cache = detail.path("cache").asLong(0);
        }
        return cache < usage ? usage - cache : usage;
    }

    /** The memory limit; the machine's memory when the container has none. */
    public static long memoryLimit(JsonNode stats) {
        return stats.path("memory_stats").path("limit").asLong(0);
    }

    /** Bytes received over every interface of the container. */
    public static long networkRx(JsonNode stats) {
        return sumNetworks(stats, "rx_bytes");
    }

    /** Bytes sent over every interface of the container. */
    public static long networkTx(JsonNode stats) {
        return sumNetworks(stats, "tx_bytes");
    }

    private static long sumNetworks(JsonNode stats, String field) {
        long sum = 0;
        for (JsonNode nic : stats.path("networks")) {
            sum += nic.path(field).asLong(0);
        }
        return sum;
    }

    /** Bytes read from block devices ({@code io_service_bytes_recursive}, op Read). */
    public static long blockRead(JsonNode stats) {
        return sumBlkio(stats, "read");
    }

    /** Bytes written to block devices ({@code io_service_bytes_recursive}, op Write). */
    public static long blockWrite(JsonNode stats) {
        return sumBlkio(stats, "write");
    }

    private static long sumBlkio(JsonNode stats, String op) {
        long sum = 0;
        for (JsonNode entry : stats.path("blkio_stats").path("io_service_bytes_recursive")) {
            if (entry.path("op").asText().equalsIgnoreCase(op)) {
                sum += entry.path("value").asLong(0);
            }
        }
        return sum;
    }
}

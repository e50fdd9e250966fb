package io.edgefleet.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and resident memory of named processes, each with all its descendants (the all-in-one's PostgreSQL
 * backends, for instance), read from {@code /proc}. A descendant that is itself watched under another name counts
 * for that name only. A target is a process id or {@code @pidfile} (its first line, so PostgreSQL's {@code
 * postmaster.pid} works); a pid file is read at every sample, so a restarted process is followed.
 */
public final class ProcessProbe {

    /**
     * CPU seconds (user + system), RSS and PSS bytes of one watched name at one moment. RSS summed over processes
     * counts shared memory (PostgreSQL's shared buffers) once per process; PSS shares it out, so its sum is honest.
     */
    public record Usage(double cpuSeconds, long rssBytes, long pssBytes, int processes) {}

    private static final long CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux architecture the platform targets
    private static final long PAGE_SIZE = 4096;
    private final Map<String, String> targets;

    public ProcessProbe(Map<String, String> targets) {
        Map<String, String> all = new LinkedHashMap<>(targets);
        all.putIfAbsent("simulator", Long.toString(ProcessHandle.current().pid()));
        this.targets = all;
    }

    /** The usage of every watched name now; a name whose process is gone has no entry. */
    public Map<String, Usage> sample() {
        Map<Long, long[]> stats = new HashMap<>(); // pid -> {ppid, ticks, rssPages}
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] stat = readStat(dir.resolve("stat"));
                if (stat != null) {
                    stats.put(Long.parseLong(name), stat);
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<Long, String> roots = new HashMap<>();
        targets.forEach((name, target) -> {
            Long pid = resolve(target);
            if (pid != null && stats.containsKey(pid)) {
                roots.put(pid, name);
            }
        });
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map.Entry<Long, long[]> process : stats.entrySet()) {
            String owner = owner(process.getKey(), stats, roots);
            if (owner != null) {
                double[] sum = sums.computeIfAbsent(owner, key -> new double[4]);
                sum[0] += process.getValue()[1];
                sum[1] += process.getValue()[2];
                sum[2]++;
                sum[3] += pssKiB(process.getKey());
            }
        }
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String name : targets.keySet()) {
            double[] sum = sums.get(name);
            if (sum != null) {
                usage.put(name, new Usage(sum[0] / CLOCK_TICKS, (long) sum[1] * PAGE_SIZE, (long) sum[3] * 1024,
                        (int) sum[2]));
            }
        }
        return usage;
    }

    /** The watched name of the nearest watched ancestor (or the process itself), if any. */
    private static String owner(long pid, Map<Long, long[]> stats, Map<Long, String> roots) {
        Set<Long> seen = new HashSet<>();
        long current = pid;
        while (current > 1 && seen.add(current)) {
            String name = roots.get(current);
            if (name != null) {
                return name;
            }
            long[] stat = stats.get(current);
            if (stat == null) {
                return null;
            }
            current = stat[0];
        }
        return null;
    }

    private static Long resolve(String target) {
        if (!target.startsWith("@")) {
            return Long.parseLong(target);
        }
        try {
            // the first line: PostgreSQL's postmaster.pid holds more lines after the pid
            return Long.parseLong(Files.readString(Path.of(target.substring(1))).lines().findFirst().orElse("").trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The process's PSS from {@code smaps_rollup} in KiB; 0 when it cannot be read. */
    private static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited meanwhile, or a kernel without smaps_rollup
        }
        return 0;
    }

    private static long[] readStat(Path file) {
        try {
            String text = Files.readString(file);
            // the command name (field 2) may hold spaces and parentheses: fields start after the last ')'
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long ppid = Long.parseLong(fields[1]);
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rssPages = Long.parseLong(fields[21]);
            return new long[] {ppid, ticks, rssPages};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** CPU use per name between two samples, in cores (1.0 = one core busy), and RSS at the later one. */
    public static Map<String, Object> between(Map<String, Usage> before, Map<String, Usage> after, double seconds) {
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(after.keySet());
        for (String name : names) {
            Usage end = after.get(name);
            Usage start = before.get(name);
            Map<String, Object> row = new LinkedHashMap<>();
            if (start != null) {
                row.put("cpuCores", Results.round((end.cpuSeconds() - start.cpuSeconds()) / seconds, 3));
            }
            row.put("rssMiB", end.rssBytes() >> 20);
            row.put("pssMiB", end.pssBytes() >> 20);
            row.put("processes", end.processes());
            result.put(name, row);
        }
        return result;
    }
}

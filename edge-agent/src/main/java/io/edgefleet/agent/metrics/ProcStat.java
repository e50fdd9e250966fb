package io.edgefleet.agent.metrics;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat}: jiffies spent by all cores since boot.
 *
 * @param total every field summed (user nice system idle iowait irq softirq steal; guest time is already in user)
 * @param idle  idle plus iowait
 */
public record ProcStat(long total, long idle) {

    /** Reads the first {@code cpu } line of {@code /proc/stat}'s text. */
    public static ProcStat parse(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                long total = 0;
                // guest and guest_nice (fields 9 and 10) are counted inside user and nice already
                int last = Math.min(fields.length - 1, 8);
                for (int i = 1; i <= last; i++) {
                    total += Long.parseLong(fields[i]);
                }
                long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
                return new ProcStat(total, idle);
            }
        }
        throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
    }

    /**
     * Percent of all cores busy between {@code earlier} and this reading, 0-100; 0 when no time passed (or the
     * counters went backwards, as after a restore).
     */
    public double busyPercentSince(ProcStat earlier) {
        long total = this.total - earlier.total;
        long idle = this.idle - earlier.idle;
        if (total <= 0 || idle < 0 || idle > total) {
            return 0;
        }
        return 100.0 * (total - idle) / total;
    }
}

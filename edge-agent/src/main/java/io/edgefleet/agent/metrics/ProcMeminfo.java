package io.edgefleet.agent.metrics;

/**
 * Memory from {@code /proc/meminfo}: used is {@code MemTotal - MemAvailable} (what {@code free} calls used plus what
 * the kernel cannot reclaim at once), in bytes.
 */
public record ProcMeminfo(long totalBytes, long availableBytes) {

    public static ProcMeminfo parse(String text) {
        long total = -1;
        long available = -1;
        long free = -1;
        long buffers = 0;
        long cached = 0;
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            long bytes = Long.parseLong(fields[1]) * (fields.length > 2 && fields[2].equals("kB") ? 1024 : 1);
            switch (fields[0]) {
                case "MemTotal:" -> total = bytes;
                case "MemAvailable:" -> available = bytes;
                case "MemFree:" -> free = bytes;
                case "Buffers:" -> buffers = bytes;
                case "Cached:" -> cached = bytes;
                default -> { }
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("/proc/meminfo has no MemTotal");
        }
        if (available < 0) {
            // kernels before 3.14 have no MemAvailable
            available = Math.max(0, free) + buffers + cached;
        }
        return new ProcMeminfo(total, Math.min(available, total));
    }

    public long usedBytes() {
        return totalBytes - availableBytes;
    }
}

package io.edgefleet.agent.metrics;

/** The three load averages of {@code /proc/loadavg}. */
public record ProcLoadavg(double load1, double load5, double load15) {

    public static ProcLoadavg parse(String text) {
        String[] fields = text.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("/proc/loadavg has fewer than 3 fields: " + text.trim());
        }
        return new ProcLoadavg(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]));
    }
}

package io.edgefleet.telemetry.metrics;

import io.edgefleet.telemetry.testing.TelemetryHarness;

/** Reads one value from the service's {@code /metrics}. */
final class Scrape {

    private Scrape() {
    }

    /**
     * The value of the first line whose series starts with {@code name} and contains every label given as
     * {@code key="value"}; 0 when there is none.
     */
    static double value(TelemetryHarness telemetry, String name, String... labels) {
        String text = telemetry.anonymousHttp().get("/metrics").text();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}

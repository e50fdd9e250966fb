package io.edgefleet.agent.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte counters per interface from {@code /proc/net/dev}, leaving out loopback and the host ends of container veth
 * pairs (their traffic is the containers', counted per container).
 */
public final class ProcNetDev {

    /** One interface's received and transmitted bytes since boot. */
    public record Interface(String name, long rxBytes, long txBytes) {
    }

    private ProcNetDev() {
    }

    public static List<Interface> parse(String text) {
        List<Interface> interfaces = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equals("lo") || name.startsWith("veth") || name.isEmpty()) {
                continue;
            }
            String[] fields = line.substring(colon + 1).trim().split("\\s+");
            if (fields.length < 9) {
                continue;
            }
            interfaces.add(new Interface(name, Long.parseLong(fields[0]), Long.parseLong(fields[8])));
        }
        return interfaces;
    }
}

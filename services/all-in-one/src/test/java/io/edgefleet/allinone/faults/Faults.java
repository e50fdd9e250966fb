package io.edgefleet.allinone.faults;

import java.time.Duration;

/**
 * The fault suite's two modes. CI runs short faults so that every scenario fits its stage; long mode
 * ({@code -Dedgefleet.faults.long=true} or {@code EDGEFLEET_FAULTS_LONG=true}) runs them at the length a real site
 * sees: a 30-minute partition, a quarter of an hour of flapping.
 */
public final class Faults {

    private Faults() {
    }

    public static boolean longMode() {
        return Boolean.parseBoolean(System.getProperty("edgefleet.faults.long",
                System.getenv().getOrDefault("EDGEFLEET_FAULTS_LONG", "false")));
    }

    /** How long a site stays cut off in the partition scenarios. */
    public static Duration partition() {
        return longMode() ? Duration.ofMinutes(30) : Duration.ofSeconds(15);
    }

    /** How many times the link flaps in the flapping scenario. */
    public static int flaps() {
        return longMode() ? 120 : 4;
    }
}

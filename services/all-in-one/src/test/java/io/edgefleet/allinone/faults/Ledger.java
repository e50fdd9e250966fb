package io.edgefleet.allinone.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fault scenario did and what came of it, Jepsen style: commands sent / acknowledged / executed / executed
 * twice, desired generations published / applied, metric batches produced / stored / duplicated, and whatever else
 * the scenario counts. Printed at the end of the scenario and appended to {@code target/fault-ledgers.txt}, so a run
 * leaves its numbers behind for RELIABILITY.md.
 */
public final class Ledger {

    private final String scenario;
    private final Map<String, Object> entries = new LinkedHashMap<>();

    public Ledger(String scenario) {
        this.scenario = scenario;
    }

    public Ledger put(String name, Object value) {
        entries.put(name, value);
        return this;
    }

    public long count(String name) {
        Object value = entries.get(name);
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("ledger " + scenario + " has no count " + name + " (" + value + ")");
        }
        return number.longValue();
    }

    /** Prints the ledger and appends it to {@code target/fault-ledgers.txt}. */
    public void record() throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("ledger ").append(scenario).append(" at ").append(Instant.now())
                .append(Faults.longMode() ? " (long mode)" : " (CI mode)").append('\n');
        entries.forEach((name, value) -> text.append(String.format("  %-40s %s%n", name, value)));
        System.out.print(text);
        Path file = Path.of("target", "fault-ledgers.txt");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public String toString() {
        return scenario + " " + entries;
    }
}

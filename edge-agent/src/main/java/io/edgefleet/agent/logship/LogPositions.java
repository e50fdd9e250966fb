package io.edgefleet.agent.logship;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Per container id, the timestamp of the last line stored for shipping, kept on disk so that after a restart the
 * agent follows each log from where it stopped: nothing twice, nothing skipped. Used by one thread.
 */
final class LogPositions {

    private final Path file;
    private final Map<String, Instant> positions = new HashMap<>();

    private LogPositions(Path file) {
        this.file = file;
    }

    static LogPositions open(Path file) throws IOException {
        LogPositions positions = new LogPositions(file);
        if (Files.exists(file)) {
            Properties stored = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(reader);
            }
            for (String id : stored.stringPropertyNames()) {
                positions.positions.put(id, Instant.parse(stored.getProperty(id)));
            }
        }
        return positions;
    }

    Optional<Instant> of(String containerId) {
        return Optional.ofNullable(positions.get(containerId));
    }

    void advance(String containerId, Instant at) {
        positions.merge(containerId, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Forgets containers that are gone and writes the rest. */
    void save(Set<String> existing) {
        positions.keySet().retainAll(existing);
        Properties stored = new Properties();
        positions.forEach((id, at) -> stored.setProperty(id, at.toString()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                stored.store(writer, "last shipped log line per container id");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store log positions in " + file, e);
        }
    }
}

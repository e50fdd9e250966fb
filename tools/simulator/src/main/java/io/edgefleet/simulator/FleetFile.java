package io.edgefleet.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The enrolled endpoints of a simulated fleet, one {@code tenant,endpoint-id,secret} line each, so that later runs
 * connect the same endpoints instead of enrolling new ones. Lines are appended as endpoints are created, so an
 * interrupted enrollment keeps what it made. The file holds secrets: it is created readable by its owner only.
 */
public final class FleetFile {

    /** One enrolled endpoint. */
    public record Entry(String tenant, String id, String secret) {
        @Override
        public String toString() {
            return "Entry[" + tenant + "/" + id + "]";
        }
    }

    private static final Pattern ID = Pattern.compile("^ep-[a-z2-7]{12}$");
    private final Path path;

    public FleetFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The entries of {@code tenant}, in file order; none when the file does not exist. */
    public List<Entry> read(String tenant) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(path)) {
            return entries;
        }
        int number = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (parts.length != 3 || !ID.matcher(parts[1]).matches() || parts[2].isEmpty()) {
                throw new IOException(path + " line " + number + " is not 'tenant,ep-xxxxxxxxxxxx,secret'");
            }
            if (parts[0].equals(tenant)) {
                entries.add(new Entry(parts[0], parts[1], parts[2]));
            }
        }
        return entries;
    }

    /** Appends one entry (thread-safe; the line is written with one call). */
    public synchronized void append(Entry entry) throws IOException {
        if (!Files.exists(path)) {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(path, "# edgefleet simulator fleet: tenant,endpoint,secret\n",
                    StandardOpenOption.CREATE_NEW);
            path.toFile().setReadable(false, false);
            path.toFile().setReadable(true, true);
        }
        Files.writeString(path, entry.tenant() + "," + entry.id() + "," + entry.secret() + "\n",
                StandardOpenOption.APPEND);
    }
}

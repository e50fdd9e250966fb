package io.edgefleet.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.payload.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's memory across restarts, one small JSON file in the data dir: how many MQTT connections this
 * installation has made, the last connection's id, and the facts last acknowledged by the broker, so that a
 * restarted agent can tell what changed while it was away. The data dir is locked while the store is open, so two
 * agents cannot share it.
 *
 * <p>Blocking file I/O: use it from the agent's own thread only; it is not thread-safe.
 */
public final class StateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    static final String FILE_NAME = "agent-state.json";
    static final String LOCK_NAME = "agent.lock";

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private Snapshot snapshot;

    /**
     * What the store holds.
     *
     * @param connectionCount     MQTT connections made by this installation, across restarts
     * @param lastConnectionId    the connection id of the latest connection, {@code null} before the first
     * @param lastConnectedAt     when it was made
     * @param lastPublishedFacts  the facts the broker last acknowledged, {@code null} before the first state
     * @param lastStateReportedAt when that state was reported
     */
    public record Snapshot(long connectionCount, String lastConnectionId, Instant lastConnectedAt,
                           Facts lastPublishedFacts, Instant lastStateReportedAt) {

        static final Snapshot EMPTY = new Snapshot(0, null, null, null, null);
    }

    private StateStore(Path file, FileChannel lockChannel, FileLock lock, Snapshot snapshot) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.snapshot = snapshot;
    }

    /**
     * Opens (creating when needed) the store in {@code dataDir}.
     *
     * @throws IOException when the directory cannot be created or written, or another agent holds it
     */
    public static StateStore open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another agent process is using the data dir " + dataDir);
        }
        Path file = dataDir.resolve(FILE_NAME);
        return new StateStore(file, channel, lock, read(file));
    }

    private static Snapshot read(Path file) throws IOException {
        try {
            return Json.mapper().readValue(file.toFile(), Snapshot.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Snapshot.EMPTY;
        } catch (JsonProcessingException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("the agent state file {} cannot be read ({}); moved it to {} and starting afresh", file,
                    e.getOriginalMessage(), aside);
            return Snapshot.EMPTY;
        }
    }

    /** What the store holds now. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Counts a new MQTT connection and remembers its id. */
    public Snapshot recordConnection(String connectionId, Instant at) throws IOException {
        return write(new Snapshot(snapshot.connectionCount() + 1, connectionId, at, snapshot.lastPublishedFacts(),
                snapshot.lastStateReportedAt()));
    }

    /** Remembers the facts of a state report the broker acknowledged. */
    public Snapshot recordPublishedFacts(Facts facts, Instant reportedAt) throws IOException {
        return write(new Snapshot(snapshot.connectionCount(), snapshot.lastConnectionId(),
                snapshot.lastConnectedAt(), facts, reportedAt));
    }

    private Snapshot write(Snapshot next) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(Json.bytes(next)));
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        snapshot = next;
        return next;
    }

    /** Releases the data dir lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}

package io.edgefleet.agent.store;

import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies waiting for the broker's PUBACK, one file each in {@code outbox/} of the data dir, named by a sequence
 * number so that they go out in the order they were produced, also after an agent restart. A reply leaves the outbox
 * only when the broker acknowledged it.
 *
 * <p>Bounded: when {@code capacity} replies wait (a long outage with many commands), the oldest is dropped with a
 * warning. Thread-safe: the command executor adds, the agent loop sends and removes.
 */
public final class ReplyOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyOutbox.class);
    static final String DIR_NAME = "outbox";
    private static final String SUFFIX = ".json";

    /**
     * A reply waiting to be acknowledged.
     *
     * @param seq   its place in the order of replies
     * @param reply the reply
     */
    public record Pending(long seq, Reply reply) {
    }

    private final Path dir;
    private final int capacity;
    private final TreeMap<Long, Reply> pending = new TreeMap<>();
    private long nextSeq;

    private ReplyOutbox(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /** Opens the outbox in {@code dataDir}, loading the replies a previous run left unacknowledged. */
    public static ReplyOutbox open(Path dataDir, int capacity) throws IOException {
        ReplyOutbox outbox = new ReplyOutbox(PrivateFiles.directory(dataDir.resolve(DIR_NAME)), capacity);
        outbox.load();
        return outbox;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                try {
                    long seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                    pending.put(seq, Json.mapper().readValue(file.toFile(), Reply.class));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("dropping the unreadable queued reply {}: {}", file, e.toString());
                    Files.deleteIfExists(file);
                }
            }
        }
        nextSeq = pending.isEmpty() ? 1 : pending.lastKey() + 1;
        if (!pending.isEmpty()) {
            LOG.info("{} replies from an earlier run wait for the broker", pending.size());
        }
    }

    /** Queues {@code reply} durably behind the others. */
    public synchronized Pending add(Reply reply) throws IOException {
        while (pending.size() >= capacity) {
            var oldest = pending.pollFirstEntry();
            Files.deleteIfExists(file(oldest.getKey()));
            LOG.warn("reply outbox full ({} replies): dropped the reply to command {}", capacity,
                    oldest.getValue().commandId());
        }
        long seq = nextSeq++;
        PrivateFiles.write(file(seq), Json.bytes(reply));
        pending.put(seq, reply);
        return new Pending(seq, reply);
    }

    /** The waiting replies, oldest first. */
    public synchronized List<Pending> pending() {
        List<Pending> all = new ArrayList<>(pending.size());
        pending.forEach((seq, reply) -> all.add(new Pending(seq, reply)));
        return all;
    }

    /** Removes a reply the broker acknowledged. */
    public synchronized void acknowledged(long seq) throws IOException {
        if (pending.remove(seq) != null) {
            Files.deleteIfExists(file(seq));
        }
    }

    private Path file(long seq) {
        return dir.resolve(String.format("%020d%s", seq, SUFFIX));
    }
}

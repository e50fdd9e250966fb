package io.edgefleet.agent.telemetry;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded queue of numbered batches on local disk, one file per batch, for one telemetry stream. It also keeps the
 * stream's identity: its id (chosen once, when the directory is first used), the next batch number and the drop
 * counters, so all of them survive restarts.
 *
 * <p>Every batch is appended before anybody tries to send it; a sender takes the {@link #oldest()} one, and removes it
 * only once the broker acknowledged it. When the batches on disk exceed the byte limit, the oldest ones go first (never
 * the newest, nor one a sender is publishing right now) and are counted. Thread-safe.
 */
public final class DiskBuffer {

    private static final Pattern ENTRY = Pattern.compile("^(\\d{20})-(\\d+)\\.batch$");
    private static final String META = "stream.properties";

    /**
     * Writes a batch once its number and the drop counters are known.
     */
    @FunctionalInterface
    public interface BatchWriter {
        /**
         * @param stream         the stream id
         * @param seq            the batch's number
         * @param droppedBatches batches dropped since the stream began, before this one
         * @param droppedItems   items (samples, lines) dropped since the stream began
         * @return the batch's bytes as they will be published
         */
        byte[] write(String stream, long seq, long droppedBatches, long droppedItems);
    }

    /** One stored batch. */
    public record Entry(long seq, int items, byte[] payload) {
    }

    private record Stored(int items, long bytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final String stream;
    private final TreeMap<Long, Stored> entries;
    private final Set<Long> inFlight = new HashSet<>();
    private long nextSeq;
    private long droppedBatches;
    private long droppedItems;
    private long bytes;

    private DiskBuffer(Path dir, long maxBytes, String stream, TreeMap<Long, Stored> entries, long nextSeq,
                       long droppedBatches, long droppedItems) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.stream = stream;
        this.entries = entries;
        this.nextSeq = nextSeq;
        this.droppedBatches = droppedBatches;
        this.droppedItems = droppedItems;
        this.bytes = entries.values().stream().mapToLong(Stored::bytes).sum();
    }

    /**
     * Opens (or creates) the buffer in {@code dir}.
     *
     * @param maxBytes the batches on disk take at most this many bytes, except that the newest is always kept
     */
    public static DiskBuffer open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        Properties meta = new Properties();
        Path metaFile = dir.resolve(META);
        if (Files.exists(metaFile)) {
            try (Reader reader = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                meta.load(reader);
            }
        }
        TreeMap<Long, Stored> entries = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher matcher = ENTRY.matcher(name);
                if (matcher.matches()) {
                    entries.put(Long.parseLong(matcher.group(1)),
                            new Stored(Integer.parseInt(matcher.group(2)), Files.size(file)));
                } else if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                }
            }
        }
        String stream = meta.getProperty("stream");
        long nextSeq = Long.parseLong(meta.getProperty("nextSeq", "0"));
        // a crash between writing a batch and the counters must not hand out its number again
        if (!entries.isEmpty()) {
            nextSeq = Math.max(nextSeq, entries.lastKey() + 1);
        }
        DiskBuffer buffer = new DiskBuffer(dir, maxBytes, stream == null ? UUID.randomUUID().toString() : stream,
                entries, nextSeq, Long.parseLong(meta.getProperty("droppedBatches", "0")),
                Long.parseLong(meta.getProperty("droppedItems", "0")));
        if (stream == null) {
            buffer.saveMeta();
        }
        return buffer;
    }

    /** The stream id: a UUID, chosen when the directory was first used. */
    public String stream() {
        return stream;
    }

    /**
     * Numbers, writes and stores a new batch; then drops the oldest batches while the buffer is over its limit.
     *
     * @param items how many samples or lines the batch holds (counted when it is dropped)
     * @return the stored entry
     */
    public synchronized Entry append(BatchWriter writer, int items) {
        long seq = nextSeq;
        byte[] payload = writer.write(stream, seq, droppedBatches, droppedItems);
        try {
            Path temp = dir.resolve(seq + ".tmp");
            Files.write(temp, payload);
            move(temp, dir.resolve(fileName(seq, items)));
            nextSeq = seq + 1;
            entries.put(seq, new Stored(items, payload.length));
            bytes += payload.length;
            evictOverLimit(seq);
            saveMeta();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store batch " + seq + " of stream " + stream + " in " + dir, e);
        }
        return new Entry(seq, items, payload);
    }

    private void evictOverLimit(long newest) throws IOException {
        var iterator = entries.entrySet().iterator();
        while (bytes > maxBytes && iterator.hasNext()) {
            Map.Entry<Long, Stored> oldest = iterator.next();
            long seq = oldest.getKey();
            if (seq == newest) {
                break;
            }
            if (inFlight.contains(seq)) {
                continue;
            }
            Files.deleteIfExists(dir.resolve(fileName(seq, oldest.getValue().items())));
            iterator.remove();
            bytes -= oldest.getValue().bytes();
            droppedBatches++;
            droppedItems += oldest.getValue().items();
        }
    }

    /** Counts items dropped before they reached a batch (e.g. over a rate limit); persisted with the next batch. */
    public synchronized void countDropped(long items) {
        droppedItems += items;
    }

    /**
     * The oldest stored batch, now marked as being sent (so that it is not dropped while its PUBACK is awaited);
     * empty when the buffer is empty.
     */
    public synchronized Optional<Entry> oldest() {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<Long, Stored> first = entries.firstEntry();
        long seq = first.getKey();
        try {
            byte[] payload = Files.readAllBytes(dir.resolve(fileName(seq, first.getValue().items())));
            inFlight.add(seq);
            return Optional.of(new Entry(seq, first.getValue().items(), payload));
        } catch (NoSuchFileException e) {
            // deleted behind the agent's back: forget it rather than stall the stream
            entries.remove(seq);
            bytes -= first.getValue().bytes();
            return oldest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch " + seq + " of stream " + stream + " in " + dir, e);
        }
    }

    /** The broker acknowledged batch {@code seq}: it is gone for good. */
    public synchronized void remove(long seq) {
        inFlight.remove(seq);
        Stored stored = entries.remove(seq);
        if (stored == null) {
            return;
        }
        bytes -= stored.bytes();
        try {
            Files.deleteIfExists(dir.resolve(fileName(seq, stored.items())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete sent batch " + seq + " in " + dir, e);
        }
    }

    /** Sending batch {@code seq} failed; it stays and may be dropped again when the buffer is full. */
    public synchronized void release(long seq) {
        inFlight.remove(seq);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long droppedBatches() {
        return droppedBatches;
    }

    public synchronized long droppedItems() {
        return droppedItems;
    }

    public synchronized long nextSeq() {
        return nextSeq;
    }

    private static String fileName(long seq, int items) {
        return String.format("%020d-%d.batch", seq, items);
    }

    private void saveMeta() throws IOException {
        Properties meta = new Properties();
        meta.setProperty("stream", stream);
        meta.setProperty("nextSeq", Long.toString(nextSeq));
        meta.setProperty("droppedBatches", Long.toString(droppedBatches));
        meta.setProperty("droppedItems", Long.toString(droppedItems));
        Path temp = dir.resolve(META + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            meta.store(writer, "telemetry stream: id, next batch number, drop counters");
        }
        move(temp, dir.resolve(META));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.edgefleet.agent.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of recent commands with their replies, {@code commands.jsonl} in the data dir, so that each command id is
 * executed at most once even across agent restarts. An id is recorded (and fsynced) <em>before</em> its command runs;
 * an id whose reply is missing therefore belongs to a command that was under way when the agent stopped.
 *
 * <p>Bounded: the newest {@code maxEntries} ids no older than {@code maxAge} are kept. Replies are kept with their
 * output only up to {@value #MAX_KEPT_OUTPUT_BYTES} bytes; a larger output is dropped from the kept copy, so a
 * redelivered {@code logs} command gets its status and detail again but not its lines.
 *
 * <p>Append-only JSON lines, rewritten compactly when the file holds many superseded lines. Not thread-safe: one
 * thread (the command executor) owns it.
 */
public final class CommandLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLog.class);
    static final String FILE_NAME = "commands.jsonl";
    static final int MAX_KEPT_OUTPUT_BYTES = 64 * 1024;

    /**
     * What the log knows about one id.
     *
     * @param id         the command id
     * @param receivedAt when the agent first took the command
     * @param reply      the reply it produced; {@code null} while (or if the agent stopped while) it ran
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String id, Instant receivedAt, Reply reply) {
    }

    private final Path file;
    private final int maxEntries;
    private final Duration maxAge;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private FileChannel out;
    private long lines;

    private CommandLog(Path file, int maxEntries, Duration maxAge) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    /**
     * Opens the log in {@code dataDir}, dropping entries beyond the bounds as of {@code now}.
     *
     * @throws IOException when the file cannot be read or written
     */
    public static CommandLog open(Path dataDir, int maxEntries, Duration maxAge, Instant now) throws IOException {
        CommandLog log = new CommandLog(dataDir.resolve(FILE_NAME), maxEntries, maxAge);
        log.load();
        log.prune(now);
        log.rewrite();
        return log;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        int broken = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Entry entry = Json.mapper().readValue(line, Entry.class);
                entries.remove(entry.id());
                entries.put(entry.id(), entry);
            } catch (JsonProcessingException | RuntimeException e) {
                // a line torn by a crash while it was appended; the command it named had not run yet
                broken++;
            }
        }
        if (broken > 0) {
            LOG.warn("skipped {} unreadable lines in {}", broken, file);
        }
    }

    /** What the log holds for {@code id}, if it saw that id. */
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Ids taken but never answered: their commands were running when the agent stopped. */
    public List<Entry> unanswered() {
        return entries.values().stream().filter(entry -> entry.reply() == null).toList();
    }

    /** Records, durably, that the command {@code id} is about to run. */
    public void recordReceived(String id, Instant at) throws IOException {
        append(new Entry(id, at, null));
        prune(at);
    }

    /** Records, durably, the reply of command {@code id}; returns the reply as kept (maybe without its output). */
    public Reply recordReply(String id, Instant receivedAt, Reply reply) throws IOException {
        Reply kept = reply;
        if (reply.output() != null && Json.bytes(reply.output()).length > MAX_KEPT_OUTPUT_BYTES) {
            kept = reply.withoutOutput("the output is not kept for redelivery, it exceeded "
                    + MAX_KEPT_OUTPUT_BYTES + " bytes");
        }
        append(new Entry(id, receivedAt, kept));
        return kept;
    }

    private void append(Entry entry) throws IOException {
        entries.remove(entry.id());
        entries.put(entry.id(), entry);
        if (lines > 2L * entries.size() + 1000) {
            rewrite();
            return;
        }
        write(out, List.of(entry));
        lines++;
    }

    private void prune(Instant now) {
        Instant oldest = now.minus(maxAge);
        Iterator<Entry> iterator = entries.values().iterator();
        int excess = entries.size() - maxEntries;
        while (iterator.hasNext()) {
            Entry entry = iterator.next();
            if (excess > 0 || entry.receivedAt().isBefore(oldest)) {
                iterator.remove();
                excess--;
            } else {
                break;
            }
        }
    }

    private void rewrite() throws IOException {
        if (out != null) {
            out.close();
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (Entry entry : entries.values()) {
            content.write(Json.bytes(entry));
            content.write('\n');
        }
        PrivateFiles.write(file, content.toByteArray());
        out = PrivateFiles.openForAppend(file);
        lines = entries.size();
    }

    private static void write(FileChannel channel, List<Entry> batch) throws IOException {
        for (Entry entry : batch) {
            byte[] json = Json.bytes(entry);
            ByteBuffer buffer = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        channel.force(true);
    }

    /** How many ids the log holds. */
    public int size() {
        return entries.size();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}

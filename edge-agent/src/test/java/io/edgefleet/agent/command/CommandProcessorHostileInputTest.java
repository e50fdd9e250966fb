package io.edgefleet.agent.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.reconcile.ContainerLocks;
import io.edgefleet.agent.store.CommandLog;
import io.edgefleet.agent.store.ReplyOutbox;
import io.edgefleet.agent.testing.VersionOnlyRuntime;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A hostile command payload never wedges the agent's command thread and never reaches the container engine (the
 * runtime here fails the test on any operation): it is acknowledged, and when it carries a usable id it is answered
 * with a reply the platform accepts (REJECTED naming the field, or EXPIRED). The next command is answered as usual.
 */
class CommandProcessorHostileInputTest {

    private static final Pattern USABLE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");
    private static final List<String> EXAMPLES = List.of("command.valid-logs", "command.valid-kill", "command.valid-stop",
            "command.valid-remove", "command.valid-inspect");
    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private static final AtomicLong PROBES = new AtomicLong();
    private static Path dataDir;
    private static ReplyOutbox outbox;
    private static CommandLog log;
    private static CommandProcessor processor;

    @BeforeContainer
    static void start() throws IOException {
        // every command is fsynced to the data dir twice: on tmpfs that costs nothing, so thousands of tries stay fast
        Path shm = Path.of("/dev/shm");
        dataDir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "agent-commands-fuzz")
                : Files.createTempDirectory("agent-commands-fuzz");
        outbox = ReplyOutbox.open(dataDir, 1_000_000);
        log = CommandLog.open(dataDir, 1_000_000, Duration.ofDays(30), Instant.now());
        VersionOnlyRuntime runtime = () -> java.util.Optional.of("20.10.24");
        processor = new CommandProcessor(runtime, new ContainerLocks("ep-abcdefghijkl"), log, outbox, Clock.systemUTC(),
                () -> { });
    }

    @AfterContainer
    static void stop() throws IOException {
        processor.close(5);
        log.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Provide
    Arbitrary<byte[]> hostileCommands() {
        Arbitrary<JsonNode> valid = Arbitraries.of(EXAMPLES).map(HostileJson::example);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, valid.flatMap(HostileJson::malformed)),
                net.jqwik.api.Tuple.of(4, valid.flatMap(HostileJson::mutations).map(m -> HostileJson.bytes(m.document()))));
    }

    @Property
    void aHostileCommandIsAcknowledgedAnsweredWithAValidReplyIfItHasAnIdAndTheNextOneIsAnswered(
            @ForAll("hostileCommands") byte[] payload) {
        AtomicBoolean acknowledged = new AtomicBoolean();
        long before = outbox.pending().isEmpty() ? 0 : outbox.pending().get(outbox.pending().size() - 1).seq();

        processor.received(new ControlChannel.Inbound(payload, () -> acknowledged.set(true)));
        String probe = "probe-" + PROBES.incrementAndGet();
        processor.received(new ControlChannel.Inbound(HostileJson.bytes(command(probe)), () -> { }));

        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> replies(before).stream()
                .anyMatch(reply -> reply.commandId().equals(probe)));
        assertThat(acknowledged).as("acknowledged %s", preview(payload)).isTrue();
        List<Reply> replies = replies(before);
        assertThat(replies.get(replies.size() - 1).commandId()).isEqualTo(probe);
        assertThat(replies.get(replies.size() - 1).status()).isEqualTo(Reply.Status.EXPIRED);
        String id = usableId(payload);
        if (id == null) {
            assertThat(replies).as("replies to %s", preview(payload)).hasSize(1);
        } else {
            assertThat(replies).as("replies to %s", preview(payload)).hasSize(2);
            Reply reply = replies.get(0);
            assertThat(reply.commandId()).isEqualTo(id);
            assertThat(reply.status()).isIn(Reply.Status.REJECTED, Reply.Status.EXPIRED);
            if (reply.status() == Reply.Status.REJECTED) {
                assertThat(reply.detail()).matches("(?s)(/|command).*");
            }
            JsonNode wire = Json.mapper().valueToTree(reply);
            assertThat(SCHEMAS.validate("reply", readBack(Json.bytes(reply)))).as("reply %s", wire).isEmpty();
        }
    }

    private static JsonNode readBack(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Reply> replies(long afterSeq) {
        return outbox.pending().stream().filter(p -> p.seq() > afterSeq).map(ReplyOutbox.Pending::reply).toList();
    }

    private static JsonNode command(String id) {
        ObjectNode command = (ObjectNode) HostileJson.example("command.valid-stop");
        return command.put("id", id);
    }

    // the id the processor can answer to, or null when it must drop the payload
    private static String usableId(byte[] payload) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(payload);
        } catch (IOException e) {
            return null;
        }
        JsonNode id = json == null ? null : json.get("id");
        return id != null && id.isTextual() && USABLE_ID.matcher(id.asText()).matches() ? id.asText() : null;
    }

    private static String preview(byte[] payload) {
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}

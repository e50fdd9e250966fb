package io.edgefleet.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.Reply.Status;
import io.edgefleet.agent.reconcile.ContainerLocks;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.store.CommandLog;
import io.edgefleet.agent.store.ReplyOutbox;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands from the channel and answers each: on its own thread, {@code commands}, one command at a time in
 * arrival order, so that a slow {@code stop} or {@code logs} never holds up heartbeats or the MQTT client.
 *
 * <p>For each command: a payload without a usable id is logged and dropped (no reply is possible); an id seen before
 * gets its recorded reply again and is not executed again; otherwise the id is recorded durably and only then the
 * message acknowledged, the command checked (schema: REJECTED with the first violation; expiresAt passed: EXPIRED)
 * and executed, its reply recorded with the id and queued in the {@link ReplyOutbox}.
 */
public final class CommandProcessor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");
    private static final int LOGGED_PAYLOAD_CHARS = 256;

    private final JsonSchemas schemas;
    private final CommandLog log;
    private final ReplyOutbox outbox;
    private final CommandExecutor executor;
    private final Clock clock;
    private final Runnable replyQueued;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> new Thread(task, "commands"));
    private volatile boolean stopping;

    /**
     * @param replyQueued told (on the commands thread) whenever a reply was added to the outbox
     */
    public CommandProcessor(ContainerRuntime runtime, ContainerLocks locks, CommandLog log, ReplyOutbox outbox,
                            Clock clock, Runnable replyQueued) {
        this.schemas = JsonSchemas.load();
        this.log = log;
        this.outbox = outbox;
        this.executor = new CommandExecutor(runtime, locks, clock);
        this.clock = clock;
        this.replyQueued = replyQueued;
    }

    /**
     * Answers the commands an earlier run took but never finished: they may or may not have taken effect, and are
     * not run again.
     */
    public void recoverInterrupted() {
        thread.execute(() -> {
            for (CommandLog.Entry entry : log.unanswered()) {
                LOG.warn("command {} was running when the agent stopped; answering FAILED without running it again",
                        entry.id());
                finish(entry.id(), entry.receivedAt(), Reply.of(entry.id(), Status.FAILED, "the agent stopped while "
                        + "it executed this command; whether it took effect is unknown, it is not executed again",
                        clock.instant()));
            }
        });
    }

    /** Hands over a received command; any thread, returns at once. */
    public void received(ControlChannel.Inbound message) {
        try {
            thread.execute(() -> handle(message));
        } catch (RejectedExecutionException stopping) {
            // not acknowledged: the broker delivers it again to the next run
            LOG.debug("the command processor is stopping; a command waits for the next run");
        }
    }

    private void handle(ControlChannel.Inbound message) {
        if (stopping) {
            // not acknowledged: the broker delivers it again to the next run
            return;
        }
        JsonNode json;
        try {
            json = Json.tree(message.payload());
        } catch (IOException e) {
            deadLetter(message, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        JsonNode idNode = json == null ? null : json.get("id");
        if (idNode == null || !idNode.isTextual() || !ID.matcher(idNode.asText()).matches()) {
            deadLetter(message, "no usable id (1-100 letters, digits, '.', '_', ':' or '-')");
            return;
        }
        String id = idNode.asText();
        Optional<CommandLog.Entry> seen = log.find(id);
        if (seen.isPresent()) {
            LOG.info("command {} was delivered again; it is not executed again, its reply is sent again", id);
            message.acknowledge();
            if (seen.get().reply() != null) {
                queue(seen.get().reply());
            }
            return;
        }
        Instant receivedAt = clock.instant();
        try {
            log.recordReceived(id, receivedAt);
        } catch (IOException e) {
            // without the record the at-most-once promise cannot be kept: leave the command to a redelivery
            LOG.error("cannot record command {} in the data dir, not executing it: {}", id, e.toString());
            return;
        }
        message.acknowledge();
        finish(id, receivedAt, decide(id, json, receivedAt));
    }

    private Reply decide(String id, JsonNode json, Instant receivedAt) {
        JsonNode type = json.get("type");
        if (type != null && type.isTextual() && Command.Type.fromWire(type.asText()).isEmpty()) {
            return rejected(id, "/type: unknown command type '" + type.asText() + "'");
        }
        List<JsonSchemas.Violation> violations = schemas.validate("command", json);
        if (!violations.isEmpty()) {
            JsonSchemas.Violation first = violations.get(0);
            return rejected(id, (first.field().isEmpty() ? "command" : first.field()) + ": " + first.message());
        }
        Command command = Command.fromJson(json);
        if (!command.expiresAt().isAfter(command.issuedAt())) {
            return rejected(id, "/expiresAt: must lie after issuedAt (" + command.issuedAt() + ")");
        }
        if (receivedAt.isAfter(command.expiresAt())) {
            LOG.info("command {} ({} on {}) expired at {}, not executed", id, command.type().wire(),
                    command.container(), command.expiresAt());
            return Reply.of(id, Status.EXPIRED, "expired at " + command.expiresAt() + ", the agent took it at "
                    + receivedAt + "; not executed", clock.instant());
        }
        LOG.info("command {}: {} on container {}, issued by {}", id, command.type().wire(), command.container(),
                command.issuedBy());
        Reply reply = executor.execute(command);
        LOG.info("command {}: {} — {}", id, reply.status(), reply.detail());
        return reply;
    }

    private Reply rejected(String id, String reason) {
        LOG.warn("command {} rejected: {}", id, reason);
        return Reply.of(id, Status.REJECTED, reason, clock.instant());
    }

    private void finish(String id, Instant receivedAt, Reply reply) {
        try {
            log.recordReply(id, receivedAt, reply);
        } catch (IOException e) {
            LOG.error("cannot record the reply to command {}: {}; a redelivery would be answered FAILED", id,
                    e.toString());
        }
        queue(reply);
    }

    private void queue(Reply reply) {
        try {
            outbox.add(reply);
        } catch (IOException e) {
            LOG.error("cannot queue the reply to command {} in the data dir: {}", reply.commandId(), e.toString());
            return;
        }
        replyQueued.run();
    }

    private void deadLetter(ControlChannel.Inbound message, String reason) {
        String text = new String(message.payload(), StandardCharsets.UTF_8);
        LOG.warn("dropped a command that cannot be answered ({}): {}", reason,
                text.length() > LOGGED_PAYLOAD_CHARS ? text.substring(0, LOGGED_PAYLOAD_CHARS) + "…" : text);
        message.acknowledge();
    }

    /**
     * Lets the command under way finish (waiting up to {@code timeoutSeconds}); queued ones stay unacknowledged, so the
     * broker delivers them to the next run.
     */
    public void close(long timeoutSeconds) {
        stopping = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            log.close();
        } catch (IOException e) {
            LOG.debug("closing the command log failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(15);
    }
}

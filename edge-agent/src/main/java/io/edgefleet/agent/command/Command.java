package io.edgefleet.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * A command that passed {@code command.schema.json}: one operation on one container.
 *
 * @param id        the sender's id, unique per endpoint
 * @param type      what to do
 * @param container the target container's id, id prefix or name
 * @param args      the arguments; absent ones take the schema's defaults
 * @param issuedAt  when the platform issued it
 * @param expiresAt after this instant it is refused as EXPIRED
 * @param issuedBy  who issued it, for the log
 */
public record Command(String id, Type type, String container, Args args, Instant issuedAt, Instant expiresAt,
                      String issuedBy) {

    /** The command types of {@code command.schema.json}. */
    public enum Type {
        START("container.start"), STOP("container.stop"), KILL("container.kill"), RESTART("container.restart"),
        PAUSE("container.pause"), RESUME("container.resume"), REMOVE("container.remove"), LOGS("container.logs"),
        INSPECT("container.inspect");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The type named {@code wire}, if it is one. */
        public static Optional<Type> fromWire(String wire) {
            return Arrays.stream(values()).filter(type -> type.wire.equals(wire)).findFirst();
        }
    }

    /**
     * The arguments, defaults applied.
     *
     * @param timeoutSeconds stop/restart: grace period before SIGKILL
     * @param signal         kill: the signal
     * @param force          remove: also a running container
     * @param volumes        remove: also its anonymous volumes
     * @param tail           logs: newest lines
     * @param since          logs: lower time bound, {@code null} for none
     * @param timestamps     logs: prefix lines with timestamps
     */
    public record Args(int timeoutSeconds, String signal, boolean force, boolean volumes, int tail, Instant since,
                       boolean timestamps) {

        static Args fromJson(JsonNode args) {
            JsonNode node = args == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : args;
            return new Args(node.path("timeoutSeconds").asInt(10), node.path("signal").asText("SIGKILL"),
                    node.path("force").asBoolean(false), node.path("volumes").asBoolean(false),
                    node.path("tail").asInt(100),
                    node.hasNonNull("since") ? time(node, "since") : null,
                    node.path("timestamps").asBoolean(false));
        }
    }

    /** Reads a command that already passed the schema. */
    public static Command fromJson(JsonNode json) {
        return new Command(json.get("id").asText(), Type.fromWire(json.get("type").asText()).orElseThrow(),
                json.get("target").get("container").asText(), Args.fromJson(json.get("args")),
                time(json, "issuedAt"), time(json, "expiresAt"),
                json.get("issuedBy").asText());
    }

    private static Instant time(JsonNode json, String field) {
        return OffsetDateTime.parse(json.get(field).asText()).toInstant();
    }
}

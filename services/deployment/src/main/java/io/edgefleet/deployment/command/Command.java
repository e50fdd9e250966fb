package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * A command as stored: what was asked of which container on which endpoint, by whom, and the agent's reply once it came.
 *
 * @param type      the wire type, e.g. {@code container.stop}
 * @param args      the command's arguments ({@code {}} when none)
 * @param status    {@code PENDING}, {@code SENT}, {@code UNDELIVERED} or the reply's status
 * @param reply     the agent's reply document, null until it arrived
 * @param repliedAt when the reply was stored, null until then
 */
public record Command(String id, String tenant, String endpoint, String type, String container, JsonNode args,
                      String issuedBy, OffsetDateTime issuedAt, OffsetDateTime expiresAt, String status, JsonNode reply,
                      OffsetDateTime repliedAt) {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String UNDELIVERED = "UNDELIVERED";
    public static final String EXPIRED = "EXPIRED";
    private static final Set<String> UNANSWERED = Set.of(PENDING, SENT);

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the agent's reply is in. */
    public boolean answered() {
        return reply != null;
    }

    /** The status as a reader sees it at {@code now}: a command still waiting for its reply past its expiry is EXPIRED. */
    public String statusAt(OffsetDateTime now) {
        return UNANSWERED.contains(status) && now.isAfter(expiresAt) ? EXPIRED : status;
    }

    /** The document the agent receives on {@code edge/v1/{tenant}/{endpoint}/commands} ({@code command.schema.json}). */
    public ObjectNode toWire() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("type", type);
        json.putObject("target").put("container", container);
        json.set("args", args.deepCopy());
        json.put("issuedAt", App.format(issuedAt));
        json.put("expiresAt", App.format(expiresAt));
        json.put("issuedBy", issuedBy);
        return json;
    }

    /** The API representation at {@code now}. */
    public ObjectNode toJson(OffsetDateTime now) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("tenant", tenant);
        json.put("endpoint", endpoint);
        json.put("type", type);
        json.put("container", container);
        json.set("args", args.deepCopy());
        json.put("status", statusAt(now));
        json.put("issuedBy", issuedBy);
        json.put("issuedAt", App.format(issuedAt));
        json.put("expiresAt", App.format(expiresAt));
        if (reply == null) {
            json.putNull("reply");
            json.putNull("repliedAt");
        } else {
            json.set("reply", reply.deepCopy());
            json.put("repliedAt", App.format(repliedAt));
        }
        return json;
    }

    /** The same command with a new status (before any reply). */
    Command withStatus(String newStatus) {
        return new Command(id, tenant, endpoint, type, container, args, issuedBy, issuedAt, expiresAt, newStatus, reply,
                repliedAt);
    }
}

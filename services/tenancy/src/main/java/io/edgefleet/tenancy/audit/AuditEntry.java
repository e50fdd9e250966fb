package io.edgefleet.tenancy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit entry: the data of an {@code audit.recorded} event, its event id and source, and when it was stored.
 * As JSON it is {@code rest/audit-entry.schema.json}.
 *
 * @param tenant     the tenant the call was about; null for a platform-level entry
 * @param recordedAt when this service stored it; null before it is stored
 */
public record AuditEntry(String id, String tenant, Actor actor, String action, String target, String method,
                         int status, String outcome, String sourceIp, Instant time, String source,
                         Instant recordedAt) {

    /**
     * Who made the call.
     *
     * @param name the user's email or the token's name; null when there is none
     */
    public record Actor(String kind, String id, String name) {
        public Actor {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }
    }

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
    }

    /**
     * An entry from an event whose data already passed {@code events/audit.recorded.schema.json}. RFC 3339 lets the time
     * use a space or lowercase letters, which {@link Instant#parse} needs written the ISO way.
     *
     * @throws java.time.DateTimeException when the time is valid RFC 3339 that no {@link Instant} can hold
     */
    static AuditEntry fromEvent(String eventId, String source, JsonNode data) {
        JsonNode actor = data.get("actor");
        return new AuditEntry(eventId, textOrNull(data, "tenant"),
                new Actor(actor.get("kind").asText(), actor.get("id").asText(), textOrNull(actor, "name")),
                data.get("action").asText(), data.get("target").asText(), data.get("method").asText(),
                data.get("status").asInt(), data.get("outcome").asText(), data.get("sourceIp").asText(),
                Instant.parse(data.get("time").asText().replace(' ', 'T')), source, null);
    }

    /** The entry as the API shows it. */
    public ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", id);
        json.put("tenant", tenant);
        ObjectNode who = json.putObject("actor").put("kind", actor.kind()).put("id", actor.id());
        if (actor.name() != null) {
            who.put("name", actor.name());
        }
        json.put("action", action)
                .put("target", target)
                .put("method", method)
                .put("status", status)
                .put("outcome", outcome)
                .put("sourceIp", sourceIp)
                .put("time", time.toString())
                .put("source", source)
                .put("recordedAt", recordedAt == null ? null : recordedAt.toString());
        return json;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

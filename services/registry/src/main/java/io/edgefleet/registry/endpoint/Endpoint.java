package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An endpoint as the registry stores it (never with its secret).
 *
 * @param labels      sorted by key
 * @param statusSince null while pending
 * @param lastSeenAt  null while pending
 * @param facts       facts from the last state report, null until the first one
 * @param agentVersion       version of the agent that sent the last state report saying one, or null
 * @param observedGeneration the last state report's observedGeneration, null until the first one
 * @param linkProfile        the stored link profile ({@link LinkProfiles}), null for the platform defaults
 */
public record Endpoint(String id, String tenant, String name, Map<String, String> labels, String description,
                       String location, String timezone, JsonNode linkProfile, EndpointStatus status, Instant statusSince,
                       Instant lastSeenAt, int heartbeatIntervalSeconds, JsonNode facts, String agentVersion,
                       Long observedGeneration, Instant createdAt, Instant updatedAt) {

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        labels = new TreeMap<>(labels);
        Objects.requireNonNull(status, "status");
    }

    /** Reads a row selected with {@link RegistryQueries#ENDPOINT_COLUMNS}. */
    public static Endpoint from(Row row) {
        String facts = row.getString("facts");
        String linkProfile = row.getString("link_profile");
        return new Endpoint(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("name"),
                labels(row.getString("labels")),
                row.getString("description"),
                row.getString("location"),
                row.getString("timezone"),
                linkProfile == null ? null : Json.parse(linkProfile.getBytes(StandardCharsets.UTF_8)),
                EndpointStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                instant(row.getOffsetDateTime("status_since")),
                instant(row.getOffsetDateTime("last_seen_at")),
                row.getInteger("heartbeat_interval_seconds"),
                facts == null ? null : Json.parse(facts.getBytes(StandardCharsets.UTF_8)),
                row.getString("agent_version"),
                row.getLong("observed_generation"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }

    /** The REST representation ({@code rest/endpoint.schema.json}): every member present, null when unset. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("tenant", tenant);
        json.put("name", name);
        json.set("labels", labelsJson());
        json.put("description", description);
        json.put("location", location);
        json.put("timezone", timezone);
        json.set("linkProfile", linkProfileJson());
        json.put("status", status.wireName());
        json.put("statusSince", text(statusSince));
        json.put("lastSeenAt", text(lastSeenAt));
        json.put("heartbeatIntervalSeconds", heartbeatIntervalSeconds);
        json.set("facts", facts == null ? NullNode.getInstance() : facts.deepCopy());
        json.put("agentVersion", agentVersion);
        json.put("observedGeneration", observedGeneration);
        json.put("createdAt", text(createdAt));
        json.put("updatedAt", text(updatedAt));
        return json;
    }

    /** The endpoint as events carry it ({@code events/endpoint.registered.schema.json#/$defs/endpoint}). */
    public ObjectNode toEventData() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("endpointId", id);
        json.put("tenant", tenant);
        json.put("name", name);
        json.set("labels", labelsJson());
        json.put("description", description);
        json.put("location", location);
        json.put("timezone", timezone);
        json.set("linkProfile", linkProfileJson());
        json.put("createdAt", text(createdAt));
        json.put("updatedAt", text(updatedAt));
        return json;
    }

    /** The link profile as a JSON member: a copy, or JSON null. */
    public JsonNode linkProfileJson() {
        return linkProfile == null ? NullNode.getInstance() : linkProfile.deepCopy();
    }

    public ObjectNode labelsJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        labels.forEach(json::put);
        return json;
    }

    private static Map<String, String> labels(String json) {
        return NewEndpoint.labels(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

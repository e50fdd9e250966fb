package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One alert: a (rule, series) episode, pending until its condition held for the rule's for-duration, then firing until
 * it resolves.
 *
 * @param firedAt    null while pending
 * @param resolvedAt null unless resolved
 * @param reason     why it resolved; null unless resolved
 * @param notified   true from handing its firing to the notification channels until handing over its resolution
 * @param channels   the channels its firing went to
 */
public record Alert(UUID id, String tenant, String ruleId, String series, String state, String severity,
                    Map<String, String> labels, Map<String, String> annotations, double value,
                    OffsetDateTime activeSince, OffsetDateTime firedAt, OffsetDateTime resolvedAt, String reason,
                    boolean silenced, boolean notified, List<UUID> channels) {

    static final String COLUMNS = "id, tenant, rule_id, series, state, severity, labels::text AS labels, "
            + "annotations::text AS annotations, value, active_since, fired_at, resolved_at, resolve_reason, silenced, notified, "
            + "channels::text AS channels";

    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        channels = List.copyOf(channels);
    }

    static Alert from(Row row) {
        return new Alert(row.getUUID("id"), row.getString("tenant"), row.getString("rule_id"), row.getString("series"),
                row.getString("state"), row.getString("severity"), strings(row.getString("labels")),
                strings(row.getString("annotations")), row.getDouble("value"), row.getOffsetDateTime("active_since"),
                row.getOffsetDateTime("fired_at"), row.getOffsetDateTime("resolved_at"), row.getString("resolve_reason"),
                row.getBoolean("silenced"), row.getBoolean("notified"), uuids(row.getString("channels")));
    }

    /** The alert as the API and the lifecycle events show it. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("tenant", tenant).put("alertId", id.toString());
        json.putObject("rule").put("id", ruleId).put("name", labels.getOrDefault("alertname", ruleId))
                .put("builtin", Builtin.byId(ruleId).isPresent());
        json.put("severity", severity);
        ObjectNode l = json.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = json.putObject("annotations");
        annotations.forEach(a::put);
        json.put("value", value).put("activeSince", time(activeSince));
        if (firedAt != null) {
            json.put("firedAt", time(firedAt));
        }
        json.put("silenced", silenced);
        if (resolvedAt != null) {
            json.put("resolvedAt", time(resolvedAt)).put("reason", reason);
        }
        return json;
    }

    /** {@link #toJson()} with the state, as the API shows it. */
    public ObjectNode toApiJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString()).put("state", state);
        json.setAll(toJson());
        json.remove("alertId");
        json.remove("tenant");
        return json;
    }

    static String time(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static List<UUID> uuids(String json) {
        List<UUID> ids = new ArrayList<>();
        Json.parse(Buffer.buffer(json)).forEach(id -> ids.add(UUID.fromString(id.asText())));
        return ids;
    }

    static Map<String, String> strings(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode node = Json.parse(Buffer.buffer(json));
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}

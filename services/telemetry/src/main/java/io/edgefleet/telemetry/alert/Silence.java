package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A silence: between {@code startsAt} and {@code endsAt}, alerts whose labels match every matcher are not notified.
 */
public record Silence(UUID id, String tenant, List<Matcher> matchers, OffsetDateTime startsAt, OffsetDateTime endsAt,
                      String createdBy, String comment) {

    /** One condition on a label; an absent label has the value "". */
    public record Matcher(String name, String value, boolean equal) {
        boolean matches(Map<String, String> labels) {
            return labels.getOrDefault(name, "").equals(value) == equal;
        }
    }

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public boolean activeAt(OffsetDateTime time) {
        return !time.isBefore(startsAt) && time.isBefore(endsAt);
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    static List<Matcher> matchers(JsonNode json) {
        List<Matcher> matchers = new ArrayList<>();
        json.forEach(m -> matchers.add(new Matcher(m.get("name").asText(), m.get("value").asText(),
                !"!=".equals(m.path("op").asText("=")))));
        return matchers;
    }

    static ArrayNode matchersJson(List<Matcher> matchers) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        matchers.forEach(m -> array.addObject().put("name", m.name()).put("value", m.value()).put("op", m.equal() ? "=" : "!="));
        return array;
    }

    public ObjectNode toJson(OffsetDateTime now) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString());
        json.set("matchers", matchersJson(matchers));
        json.put("startsAt", Alert.time(startsAt)).put("endsAt", Alert.time(endsAt)).put("createdBy", createdBy)
                .put("comment", comment)
                .put("state", now.isBefore(startsAt) ? "pending" : now.isBefore(endsAt) ? "active" : "expired");
        return json;
    }
}

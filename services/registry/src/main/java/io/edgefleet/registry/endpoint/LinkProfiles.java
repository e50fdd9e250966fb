package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Link profiles ({@code link-profile.schema.json}) as the registry stores them: a preset is expanded into its values
 * and members given next to it override them, so consumers (the deployment service, agents through their desired
 * document) never need to know the presets. Members left out stay out: their platform defaults are the consumers'.
 */
public final class LinkProfiles {

    /** Platform default the agent uses when a profile leaves reconnectBackoff.maxSeconds out. */
    public static final int DEFAULT_BACKOFF_MAX_SECONDS = 60;
    /** Platform default the agent uses when a profile leaves reconnectBackoff.initialSeconds out. */
    public static final int DEFAULT_BACKOFF_INITIAL_SECONDS = 1;

    private static final Map<String, ObjectNode> PRESETS = Map.of(
            "lan", preset(15, 30, 3, 1, 30),
            "wan", preset(30, 60, 5, 1, 60),
            "satellite", preset(120, 300, 8, 5, 300));

    private LinkProfiles() {
    }

    /**
     * The profile to store for a request member that passed the schema: null for null (or absent), else the preset's
     * values (if one is named) overridden by the members given, with the preset's name kept.
     */
    public static ObjectNode expand(JsonNode requested) {
        if (requested == null || requested.isNull()) {
            return null;
        }
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        JsonNode preset = requested.get("preset");
        if (preset != null) {
            profile.put("preset", preset.asText());
            profile.setAll(PRESETS.get(preset.asText()).deepCopy());
        }
        requested.properties().forEach(member -> {
            if (member.getKey().equals("reconnectBackoff") && profile.has("reconnectBackoff")) {
                ((ObjectNode) profile.get("reconnectBackoff")).setAll((ObjectNode) member.getValue().deepCopy());
            } else if (!member.getKey().equals("preset")) {
                profile.set(member.getKey(), member.getValue().deepCopy());
            }
        });
        return profile;
    }

    /**
     * What the schema cannot say about a profile that passed it, after {@link #expand}: the reconnect delay may not
     * start above its maximum (a maximum left out is the agent's default of {@value #DEFAULT_BACKOFF_MAX_SECONDS} s).
     *
     * @param field the JSON pointer of the profile in the request body, for the error
     */
    public static List<FieldError> check(ObjectNode profile, String field) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode backoff = profile == null ? null : profile.get("reconnectBackoff");
        if (backoff != null) {
            int initial = backoff.path("initialSeconds").asInt(DEFAULT_BACKOFF_INITIAL_SECONDS);
            int max = backoff.path("maxSeconds").asInt(DEFAULT_BACKOFF_MAX_SECONDS);
            if (initial > max) {
                errors.add(new FieldError(field + "/reconnectBackoff/initialSeconds", "the first reconnect delay ("
                        + initial + " s) exceeds the longest one (maxSeconds " + max + " s"
                        + (backoff.has("maxSeconds") ? "" : ", the default when maxSeconds is left out") + ")"));
            }
        }
        return errors;
    }

    private static ObjectNode preset(int keepAlive, int commandTtl, int replyTimeout, int backoffInitial, int backoffMax) {
        ObjectNode values = JsonNodeFactory.instance.objectNode()
                .put("keepAliveSeconds", keepAlive)
                .put("commandTtlSeconds", commandTtl)
                .put("replyTimeoutSeconds", replyTimeout);
        values.putObject("reconnectBackoff").put("initialSeconds", backoffInitial).put("maxSeconds", backoffMax);
        return values;
    }
}

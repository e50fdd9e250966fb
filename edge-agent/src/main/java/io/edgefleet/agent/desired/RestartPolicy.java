package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Docker's restart policy for an app's container.
 *
 * @param name              {@code no}, {@code always}, {@code on-failure} or {@code unless-stopped}
 * @param maximumRetryCount how often {@code on-failure} restarts at most; {@code null} = no limit
 */
public record RestartPolicy(String name, Integer maximumRetryCount) {

    /** The policy when the spec names none. */
    public static final RestartPolicy DEFAULT = new RestartPolicy("unless-stopped", null);

    static RestartPolicy fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT;
        }
        return new RestartPolicy(SpecJson.text(node, "name", DEFAULT.name()), SpecJson.integer(node, "maximumRetryCount"));
    }
}

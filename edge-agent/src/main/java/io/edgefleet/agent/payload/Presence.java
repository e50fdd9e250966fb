package io.edgefleet.agent.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The retained {@code presence} payload ({@code presence.schema.json}). Fields that do not apply to a status
 * are left out of the JSON.
 *
 * @param status         {@code online} or {@code offline}
 * @param at             when the agent wrote it; absent in the Last Will, which the broker sends later
 * @param reason         {@code connected}, {@code graceful} or {@code connection-lost}
 * @param agentVersion   the agent's version, online only
 * @param connectionId   a fresh UUID per MQTT connection, in its online presence and in its Last Will, so the
 *                       platform can tell a late Will of an older connection from the current one's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Presence(String status, Instant at, String reason, String agentVersion, String connectionId) {

    /** Published on every (re)connect. */
    public static Presence online(Instant at, String agentVersion, String connectionId) {
        return new Presence("online", at.truncatedTo(ChronoUnit.MILLIS), "connected", agentVersion, connectionId);
    }

    /** Published before a normal disconnect. */
    public static Presence graceful(Instant at) {
        return new Presence("offline", at.truncatedTo(ChronoUnit.MILLIS), "graceful", null, null);
    }

    /** Registered as the Last Will at connect; the broker publishes it when that connection dies. */
    public static Presence connectionLost(String connectionId) {
        return new Presence("offline", null, "connection-lost", null, connectionId);
    }
}

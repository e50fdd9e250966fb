package io.edgefleet.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users whose earlier access tokens are void, kept from the tenancy service's retained notes on
 * {@code platform/v1/users/{user}/sessions}: when a user's memberships, platform-admin flag or password change, or
 * the user is deleted, tokens issued before the change are refused at once (401), and the caller's refreshed token
 * carries the change. Retained, so a gateway that starts learns every note at once.
 */
public final class SessionRevocations {

    public static final String FILTER = "platform/v1/users/+/sessions";

    private final Map<String, Instant> revokedBefore = new ConcurrentHashMap<>();
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;

    public SessionRevocations(JsonIngress ingress, DeadLetters deadLetters) {
        this.ingress = ingress;
        this.deadLetters = deadLetters;
    }

    /** Subscribes to the notes; completes once the broker accepted the subscription. */
    public Future<Void> subscribe(MqttEventClient mqtt) {
        return mqtt.subscribe(FILTER, MqttQoS.AT_LEAST_ONCE, this::apply);
    }

    void apply(InboundMessage message) {
        String[] levels = message.topic().split("/");
        if (levels.length != 5 || message.payload().length() == 0) {
            return;
        }
        Optional<JsonNode> note = ingress.parse(message, "user-sessions");
        if (note.isEmpty()) {
            return;
        }
        String user = note.get().path("userId").asText();
        if (!user.equals(levels[3])) {
            deadLetters.reject(message, "user-mismatch: note of user '" + user + "' on the topic of '" + levels[3] + "'");
            return;
        }
        Instant before;
        try {
            before = OffsetDateTime.parse(note.get().path("revokedBefore").asText()).toInstant();
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: /revokedBefore: " + e.getMessage());
            return;
        }
        revokedBefore.merge(user, before, (old, fresh) -> fresh.isAfter(old) ? fresh : old);
    }

    /** Whether a token of {@code userId} issued at {@code issuedAt} is void. */
    public boolean isRevoked(String userId, Instant issuedAt) {
        Instant before = revokedBefore.get(userId);
        return before != null && issuedAt.isBefore(before);
    }
}

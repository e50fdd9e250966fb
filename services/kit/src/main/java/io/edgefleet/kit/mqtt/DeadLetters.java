package io.edgefleet.kit.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a consumer puts a message it cannot use: a WARN log with topic and reason, the counter
 * {@value #COUNTER}{service, reason}, and a {@code deadletter.schema.json} document on
 * {@code platform/v1/deadletter/{service}} (QoS 1, best effort: a failed publish is logged, never thrown).
 */
public final class DeadLetters {

    public static final String COUNTER = "edgefleet_messages_rejected_total";
    /** Max characters of reason and payload kept in the dead-letter document (the schema's limit). */
    public static final int MAX_TEXT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Pattern SERVICE = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");

    private final MqttEventClient mqtt;
    private final String service;
    private final MeterRegistry registry;

    public DeadLetters(MqttEventClient mqtt, String service, MeterRegistry registry) {
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.service = Objects.requireNonNull(service, "service");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (!SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("service name '" + service + "' must match " + SERVICE.pattern());
        }
    }

    /** The dead-letter topic of this service. */
    public String topic() {
        return "platform/v1/deadletter/" + service;
    }

    /**
     * Rejects a message.
     *
     * @param reason why, starting with a short slug such as {@code "invalid-json"} or {@code "schema"},
     *               optionally followed by {@code ": "} and details; the slug becomes the counter's
     *               {@code reason} tag, the whole text goes into the document
     * @return completes when the dead letter was acknowledged by the broker, or fails (already logged);
     *         callers may ignore it
     */
    public Future<Void> reject(InboundMessage message, String reason) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reason, "reason");
        String slug = slug(reason);
        LOG.warn("rejected message on {}: {}", message.topic(), truncate(reason));
        Counter.builder(COUNTER)
                .description("Inbound messages a service could not use and sent to its dead-letter topic")
                .tag("service", service)
                .tag("reason", slug)
                .register(registry)
                .increment();
        return mqtt.publish(topic(), Json.buffer(document(message, reason)), MqttQoS.AT_LEAST_ONCE, false)
                .onFailure(e -> LOG.warn("dead letter for message on {} not published: {}", message.topic(),
                        e.getMessage()));
    }

    ObjectNode document(InboundMessage message, String reason) {
        ObjectNode doc = Json.mapper().createObjectNode()
                .put("service", service)
                .put("topic", message.topic())
                .put("reason", truncate(reason.isBlank() ? "unspecified" : reason))
                .put("receivedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        byte[] bytes = message.payload().getBytes();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            doc.put("payload", truncate(text));
        } catch (CharacterCodingException e) {
            doc.put("payload", truncate(Base64.getEncoder().encodeToString(bytes)));
            doc.put("payloadBase64", true);
        }
        return doc;
    }

    static String slug(String reason) {
        int colon = reason.indexOf(':');
        String head = (colon >= 0 ? reason.substring(0, colon) : reason).strip().toLowerCase();
        String slug = head.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            return "unspecified";
        }
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}

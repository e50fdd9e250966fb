package io.edgefleet.telemetry.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.events.NulCharacters;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.schemas.JsonSchemas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks an inbound metrics message, cheapest test first: topic ids, size (before any parsing), JSON, the
 * {@code metrics} schema, collection time within what the tables keep. A message that fails is dead-lettered with
 * the reason and counted in {@code edgefleet_telemetry_ingest_rejected_total{reason}}.
 */
final class MetricsValidator {

    static final String SCHEMA = "metrics";
    /** How far an agent's clock may run ahead of the service's. */
    static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(10);

    private final JsonSchemas schemas;
    private final DeadLetters deadLetters;
    private final IngestMeters meters;
    private final MetricsSettings settings;
    private final Clock clock;

    MetricsValidator(JsonSchemas schemas, DeadLetters deadLetters, IngestMeters meters, MetricsSettings settings,
                     Clock clock) {
        this.schemas = schemas;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.settings = settings;
        this.clock = clock;
    }

    /** The batch, or empty after the message was rejected. */
    Optional<MetricBatch> accept(InboundMessage message) {
        Optional<MetricsTopic> topic = MetricsTopic.parse(message.topic());
        if (topic.isEmpty()) {
            return reject(message, "topic", "tenant or endpoint id in the topic is malformed");
        }
        int size = message.payload().length();
        if (size > settings.maxPayloadBytes()) {
            return reject(message, "too-large", size + " bytes, at most " + settings.maxPayloadBytes() + " accepted");
        }
        JsonNode doc;
        try {
            doc = Json.parse(message.payload());
        } catch (IllegalArgumentException e) {
            return reject(message, "invalid-json", e.getMessage());
        }
        List<String> nul = NulCharacters.find(doc);
        if (!nul.isEmpty()) {
            return reject(message, "nul-character", "U+0000 at " + String.join(", ", nul));
        }
        List<JsonSchemas.Violation> violations = schemas.validate(SCHEMA, doc);
        if (!violations.isEmpty()) {
            StringBuilder detail = new StringBuilder();
            for (JsonSchemas.Violation v : violations) {
                detail.append(detail.isEmpty() ? "" : "\n").append(v.field().isEmpty() ? "/" : v.field())
                        .append(": ").append(v.message());
            }
            return reject(message, "schema", detail.toString());
        }
        MetricBatch batch = MetricBatch.of(topic.get().tenant(), topic.get().endpoint(), doc);
        Instant now = clock.instant();
        if (batch.at().isBefore(now.minus(settings.rawRetention()))) {
            return reject(message, "expired", "collected at " + batch.at() + ", older than the raw retention of "
                    + settings.rawRetention().toDays() + " days");
        }
        if (batch.at().isAfter(now.plus(MAX_CLOCK_AHEAD))) {
            return reject(message, "future", "collected at " + batch.at() + ", more than "
                    + MAX_CLOCK_AHEAD.toMinutes() + " minutes ahead of the service's clock");
        }
        return Optional.of(batch);
    }

    private Optional<MetricBatch> reject(InboundMessage message, String reason, String detail) {
        meters.rejected(reason);
        deadLetters.reject(message, reason + ": " + detail);
        return Optional.empty();
    }
}

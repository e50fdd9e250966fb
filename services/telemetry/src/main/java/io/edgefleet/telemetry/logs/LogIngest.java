package io.edgefleet.telemetry.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes log batches from {@code edge/v1/{tenant}/{endpoint}/logs}: rejects an oversized payload before parsing it,
 * validates the rest against {@code logs.schema.json} (both dead-lettered and counted), and stores each batch once.
 * At most {@link LogsSettings#maxInFlight()} batches are written at once; one more is rejected as
 * {@code overloaded} rather than queued, so a flood cannot exhaust memory (the agent's batch is lost, and counted).
 */
final class LogIngest {

    static final String TOPIC = "edge/v1/+/+/logs";
    private static final Logger LOG = LoggerFactory.getLogger(LogIngest.class);
    private static final Pattern LEVELS = Pattern.compile("^edge/v1/([a-z][a-z0-9-]{1,39})/(ep-[a-z2-7]{12})/logs$");

    private final LogStore store;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final DailyPartitions partitions;
    private final LogsSettings settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter batches;
    private final Counter duplicates;
    private final Counter lines;
    private final Counter outOfRange;

    LogIngest(LogStore store, JsonIngress ingress, DeadLetters deadLetters, DailyPartitions partitions,
              LogsSettings settings, MeterRegistry meters) {
        this.store = store;
        this.ingress = ingress;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
        this.settings = settings;
        this.batches = Counter.builder("edgefleet_telemetry_logs_batches_total")
                .description("Log batches stored").register(meters);
        this.duplicates = Counter.builder("edgefleet_telemetry_logs_duplicate_batches_total")
                .description("Log batches that arrived again and were not stored twice").register(meters);
        this.lines = Counter.builder("edgefleet_telemetry_logs_lines_total")
                .description("Log lines stored").register(meters);
        this.outOfRange = Counter.builder("edgefleet_telemetry_logs_lines_out_of_range_total")
                .description("Log lines not stored: their time is outside the retained days or too far ahead")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder("edgefleet_telemetry_logs_batches_in_flight", inFlight, Number::doubleValue)
                .description("Log batches being stored right now (above the limit, batches are rejected as overloaded)")
                .register(meters);
    }

    /** Stores one batch; the future completes when it is stored, or was rejected for good. */
    Future<?> handle(InboundMessage message) {
        Matcher topic = LEVELS.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "bad-topic: not edge/v1/{tenant}/{endpoint}/logs");
            return Future.succeededFuture();
        }
        if (message.payload().length() > settings.maxBatchBytes()) {
            deadLetters.reject(message, "oversize: " + message.payload().length() + " bytes, at most "
                    + settings.maxBatchBytes() + " accepted");
            return Future.succeededFuture();
        }
        Optional<JsonNode> batch = ingress.parse(message, "logs");
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            deadLetters.reject(message, "overloaded: " + settings.maxInFlight() + " log batches are being written");
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        OffsetDateTime from = partitions.oldestRetainedDay().atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = partitions.endOfPartitions().atStartOfDay().atOffset(ZoneOffset.UTC);
        Future<LogStore.Stored> writing;
        try {
            writing = store.store(tenant, endpoint, batch.get(), from, to);
        } catch (DateTimeParseException e) {
            inFlight.decrementAndGet();
            deadLetters.reject(message, "schema: a line's 'at' is not an RFC 3339 timestamp: " + e.getParsedString());
            return Future.succeededFuture();
        }
        return writing
                .onSuccess(stored -> {
                    if (stored.duplicate()) {
                        duplicates.increment();
                        LOG.debug("log batch {}/{} of {} in tenant {} already stored", batch.get().path("stream").asText(),
                                batch.get().path("seq").asLong(), endpoint, tenant);
                        return;
                    }
                    batches.increment();
                    lines.increment(stored.lines());
                    outOfRange.increment(stored.outOfRange());
                })
                .onComplete(done -> inFlight.decrementAndGet());
    }
}

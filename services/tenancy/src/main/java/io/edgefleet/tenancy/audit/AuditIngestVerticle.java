package io.edgefleet.tenancy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.db.DatabaseFailures;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.channels.ClosedChannelException;
import java.time.DateTimeException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the audit entries services publish ({@code audit.recorded} on {@code fleet/v1/+/events/} and
 * {@code platform/v1/events/}, shared subscriptions so replicas split them).
 *
 * <p>An entry is stored only when its envelope and data pass their schemas, its type is
 * {@code io.edgefleet.audit.recorded.v1}, and its tenant agrees with the topic (data and envelope both name the
 * topic's tenant; on the platform topic data names none). Anything else goes to the dead-letter topic and is not
 * stored; so is an entry the database refused, so that its payload is not lost.
 */
public final class AuditIngestVerticle extends VerticleBase {

    public static final String TYPE = "io.edgefleet.audit.recorded.v1";
    public static final String COUNTER = "edgefleet_audit_entries_total";

    private static final Logger LOG = LoggerFactory.getLogger(AuditIngestVerticle.class);

    private final MqttEventClient mqtt;
    private final AuditStore store;
    private final JsonSchemas schemas;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Set<Future<?>> inFlight = new HashSet<>();
    private boolean stopped;

    public AuditIngestVerticle(MqttEventClient mqtt, AuditStore store, JsonSchemas schemas, DeadLetters deadLetters,
                               MeterRegistry meters) {
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.store = Objects.requireNonNull(store, "store");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.ingress = new JsonIngress(schemas, deadLetters);
        this.stored = counter(meters, "stored");
        this.duplicates = counter(meters, "duplicate");
    }

    @Override
    public Future<?> start() {
        return Future.all(
                mqtt.subscribeUntilStored(AuditTopic.TENANT_FILTER, MqttQoS.AT_LEAST_ONCE, this::onMessage),
                mqtt.subscribeUntilStored(AuditTopic.PLATFORM_FILTER, MqttQoS.AT_LEAST_ONCE, this::onMessage));
    }

    /** Lets the entries being written finish, so none is cut off by the pool closing. */
    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.join(List.copyOf(inFlight));
    }

    private Future<?> onMessage(InboundMessage message) {
        if (stopped) {
            // not acknowledged: the broker delivers it again to the next session
            return Future.failedFuture(new ClosedChannelException());
        }
        Optional<AuditTopic> topic = AuditTopic.parse(message.topic());
        if (topic.isEmpty()) {
            deadLetters.reject(message, "topic: not fleet/v1/{tenant}/events/audit.recorded or platform/v1/events/audit.recorded");
            return Future.succeededFuture();
        }
        return ingress.parse(message, topic.get().envelopeSchema())
                .flatMap(event -> checked(message, topic.get(), event))
                .<Future<?>>map(entry -> store(message, entry))
                .orElse(Future.succeededFuture());
    }

    private Optional<AuditEntry> checked(InboundMessage message, AuditTopic topic, JsonNode event) {
        String type = event.get("type").asText();
        if (!TYPE.equals(type)) {
            return reject(message, "type: expected " + TYPE + " on this topic, got " + type);
        }
        JsonNode data = event.get("data");
        List<JsonSchemas.Violation> violations = schemas.validate("events/audit.recorded", data);
        if (!violations.isEmpty()) {
            return reject(message, "schema: " + violations.stream()
                    .map(v -> "/data" + v.field() + ": " + v.message())
                    .collect(Collectors.joining("\n")));
        }
        String envelopeTenant = topic.platform() ? null : event.get("tenant").asText();
        String dataTenant = data.get("tenant").isNull() ? null : data.get("tenant").asText();
        if (!Objects.equals(topic.tenant(), envelopeTenant) || !Objects.equals(topic.tenant(), dataTenant)) {
            return reject(message, "tenant-mismatch: the topic is " + (topic.platform() ? "platform-level" : "of tenant "
                    + topic.tenant()) + ", the envelope names " + named(envelopeTenant) + " and the data "
                    + named(dataTenant));
        }
        try {
            return Optional.of(AuditEntry.fromEvent(event.get("id").asText(), event.get("source").asText(), data));
        } catch (DateTimeException e) {
            return reject(message, "schema: /data/time: " + e.getMessage());
        }
    }

    private Optional<AuditEntry> reject(InboundMessage message, String reason) {
        deadLetters.reject(message, reason);
        return Optional.empty();
    }

    private Future<?> store(InboundMessage message, AuditEntry entry) {
        Future<Boolean> insert = store.insert(entry)
                .onSuccess(fresh -> {
                    (fresh ? stored : duplicates).increment();
                    LOG.debug("audit entry {} ({} {}, tenant {}) {}", entry.id(), entry.action(), entry.outcome(),
                            entry.tenant(), fresh ? "stored" : "was stored before");
                })
                .onFailure(e -> {
                    if (!DatabaseFailures.isTransient(e)) {
                        deadLetters.reject(message, "store-failed: " + e.getMessage());
                    }
                });
        inFlight.add(insert);
        insert.onComplete(done -> inFlight.remove(insert));
        return insert;
    }

    private static String named(String tenant) {
        return tenant == null ? "no tenant" : "tenant " + tenant;
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder(COUNTER)
                .description("Audit entries received, by result: stored, or a duplicate of one stored before")
                .tag("result", result)
                .register(meters);
    }
}

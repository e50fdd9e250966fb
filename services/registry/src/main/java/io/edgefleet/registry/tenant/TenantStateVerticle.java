package io.edgefleet.registry.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the tenants from the tenancy service: the retained snapshots on {@code fleet/v1/+/tenant} (every current
 * tenant at subscribe time, then each change) fill the {@code tenants} table; an empty snapshot, or a
 * {@code tenant.deleted} event queued for the registry's persistent session while it was down, purges the tenant's
 * endpoints and integration keys. Not a shared subscription: brokers send no retained messages to shared ones, and
 * every replica applying the same idempotent changes is harmless. Messages are applied one after another.
 */
public final class TenantStateVerticle extends VerticleBase {

    public static final String SNAPSHOTS = "fleet/v1/+/tenant";
    public static final String DELETED = "$share/registry/fleet/v1/+/events/tenant.deleted";

    private static final Logger LOG = LoggerFactory.getLogger(TenantStateVerticle.class);
    private static final Pattern SNAPSHOT_TOPIC = Pattern.compile("^fleet/v1/([a-z][a-z0-9-]{1,39})/tenant$");

    private final TenantStore tenants;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final JsonSchemas schemas;
    private Future<?> tail = Future.succeededFuture();

    public TenantStateVerticle(TenantStore tenants, MqttEventClient mqtt, JsonIngress ingress, DeadLetters deadLetters,
                               JsonSchemas schemas) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    @Override
    public Future<?> start() {
        return Future.all(mqtt.subscribeUntilStored(SNAPSHOTS, MqttQoS.AT_LEAST_ONCE, this::onSnapshot),
                mqtt.subscribeUntilStored(DELETED, MqttQoS.AT_LEAST_ONCE, this::onDeleted));
    }

    @Override
    public Future<?> stop() {
        return tail.recover(e -> Future.succeededFuture());
    }

    private Future<?> onSnapshot(InboundMessage message) {
        var topic = SNAPSHOT_TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not fleet/v1/{tenant}/tenant");
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        if (message.payload().length() == 0) {
            return inOrder(() -> purge(tenant, Optional.empty(), "its snapshot was cleared"));
        }
        return ingress.parse(message, "tenant-state").<Future<?>>map(state -> {
            if (!tenant.equals(state.get("tenant").asText())) {
                deadLetters.reject(message, "tenant-mismatch: snapshot of tenant '" + state.get("tenant").asText()
                        + "' on the topic of tenant '" + tenant + "'");
                return Future.succeededFuture();
            }
            String status = state.get("status").asText();
            OffsetDateTime updatedAt;
            try {
                updatedAt = OffsetDateTime.parse(state.get("updatedAt").asText());
            } catch (DateTimeParseException e) {
                deadLetters.reject(message, "schema: /updatedAt: " + e.getMessage());
                return Future.succeededFuture();
            }
            return inOrder(() -> tenants.apply(tenant, state.get("displayName").asText(), status, updatedAt)
                    .onSuccess(applied -> {
                        if (applied) {
                            LOG.info("tenant {} is {}", tenant, status);
                        }
                    }));
        }).orElse(Future.succeededFuture());
    }

    private Future<?> onDeleted(InboundMessage message) {
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            deadLetters.reject(message, "invalid-event: " + e.getMessage());
            return Future.succeededFuture();
        }
        List<JsonSchemas.Violation> violations = schemas.validate("events/tenant.deleted", event.data());
        if (!violations.isEmpty()) {
            deadLetters.reject(message, "schema: " + violations.get(0).field() + ": " + violations.get(0).message());
            return Future.succeededFuture();
        }
        JsonNode tenant = event.data().get("tenant");
        if (!tenant.asText().equals(event.tenant()) || !message.topic().endsWith("fleet/v1/" + event.tenant()
                + "/events/tenant.deleted")) {
            deadLetters.reject(message, "tenant-mismatch: tenant.deleted of '" + tenant.asText() + "' with tenant '"
                    + event.tenant() + "' on " + message.topic());
            return Future.succeededFuture();
        }
        return inOrder(() -> purge(tenant.asText(), Optional.of(event.time()), "event " + event.id()));
    }

    private Future<?> purge(String tenant, Optional<OffsetDateTime> deletedAt, String why) {
        return tenants.purge(tenant, deletedAt).onSuccess(purged -> {
            if (purged.tenantExisted()) {
                LOG.info("tenant {} deleted ({}): purged {} endpoints and {} integration keys", tenant, why,
                        purged.endpoints(), purged.integrationKeys());
            }
        });
    }

    /** Applies tenant changes one after the other, in arrival order; the future is this one's. */
    private Future<?> inOrder(Supplier<Future<?>> task) {
        tail = tail.transform(ignored -> task.get());
        return tail;
    }
}

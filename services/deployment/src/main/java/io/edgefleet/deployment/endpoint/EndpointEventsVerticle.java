package io.edgefleet.deployment.endpoint;

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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the registry's endpoint events and tenancy's {@code tenant.deleted} (shared subscriptions of the
 * {@code deployment} group, so each event reaches one replica) into the {@link EndpointDirectory}. Every message is
 * checked: the envelope against {@code cloudevent}, the data against {@code events/<type>}, and the tenant of the
 * topic, the envelope and the data must agree; anything else is dead-lettered. Events are applied one after another.
 */
public final class EndpointEventsVerticle extends VerticleBase {

    public static final String GROUP = "$share/deployment/";
    public static final List<String> TYPES =
            List.of("endpoint.registered", "endpoint.updated", "endpoint.deleted", "tenant.deleted");

    private static final Logger LOG = LoggerFactory.getLogger(EndpointEventsVerticle.class);
    private static final Pattern TOPIC = Pattern.compile(
            "^fleet/v1/([a-z][a-z0-9-]{1,39})/events/(endpoint\\.registered|endpoint\\.updated|endpoint\\.deleted|tenant\\.deleted)$");

    private final EndpointDirectory directory;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final JsonSchemas schemas;
    private Future<?> tail = Future.succeededFuture();

    public EndpointEventsVerticle(EndpointDirectory directory, MqttEventClient mqtt, JsonIngress ingress,
                                  DeadLetters deadLetters, JsonSchemas schemas) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    @Override
    public Future<?> start() {
        return Future.all(TYPES.stream()
                .map(type -> mqtt.subscribeUntilStored(GROUP + "fleet/v1/+/events/" + type, MqttQoS.AT_LEAST_ONCE,
                        this::onEvent))
                .toList());
    }

    @Override
    public Future<?> stop() {
        return tail.recover(e -> Future.succeededFuture());
    }

    private Future<?> onEvent(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not an endpoint or tenant.deleted event topic");
            return Future.succeededFuture();
        }
        if (ingress.parse(message, "cloudevent").isEmpty()) {
            return Future.succeededFuture();
        }
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            deadLetters.reject(message, "invalid-event: " + e.getMessage());
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String type = topic.group(2);
        if (!type.equals(event.shortType())) {
            deadLetters.reject(message, "type-mismatch: " + event.shortType() + " on the topic of " + type);
            return Future.succeededFuture();
        }
        List<JsonSchemas.Violation> violations = schemas.validate("events/" + type, event.data());
        if (!violations.isEmpty()) {
            deadLetters.reject(message, "schema: " + violations.get(0).field() + ": " + violations.get(0).message());
            return Future.succeededFuture();
        }
        JsonNode data = event.data();
        if (!tenant.equals(event.tenant()) || !tenant.equals(data.get("tenant").asText())) {
            deadLetters.reject(message, "tenant-mismatch: event of tenant '" + event.tenant() + "' with data of '"
                    + data.get("tenant").asText() + "' on " + message.topic());
            return Future.succeededFuture();
        }
        OffsetDateTime at;
        try {
            // when the registry stored the change; tenant.deleted carries no such field, its event time serves
            at = switch (type) {
                case "endpoint.deleted" -> OffsetDateTime.parse(data.get("deletedAt").asText());
                case "tenant.deleted" -> event.time();
                default -> OffsetDateTime.parse(data.get("updatedAt").asText());
            };
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: timestamp: " + e.getMessage());
            return Future.succeededFuture();
        }
        return inOrder(() -> apply(event, type, tenant, data, at));
    }

    private Future<?> apply(EventEnvelope event, String type, String tenant, JsonNode data, OffsetDateTime at) {
        return switch (type) {
            case "endpoint.registered", "endpoint.updated" -> {
                String endpoint = data.get("endpointId").asText();
                yield directory.labelled(event.id(), tenant, endpoint, data.get("labels"), at,
                        data.get("linkProfile"))
                        .onSuccess(queued -> LOG.debug("{} of {} in tenant {}: {} desired document(s) queued", type,
                                endpoint, tenant, queued));
            }
            case "endpoint.deleted" -> {
                String endpoint = data.get("endpointId").asText();
                yield directory.deleted(event.id(), tenant, endpoint, at)
                        .onSuccess(cleared -> LOG.debug("endpoint {} of tenant {} deleted: {} retained desired cleared",
                                endpoint, tenant, cleared));
            }
            default -> directory.tenantDeleted(event.id(), tenant).onSuccess(purged -> LOG.info(
                    "tenant {} deleted: purged {} apps and cleared {} desired documents", tenant, purged.apps(),
                    purged.cleared()));
        };
    }

    /** Applies events one after the other, in arrival order; the future is this one's. */
    private Future<?> inOrder(Supplier<Future<?>> task) {
        tail = tail.transform(ignored -> task.get());
        return tail;
    }
}

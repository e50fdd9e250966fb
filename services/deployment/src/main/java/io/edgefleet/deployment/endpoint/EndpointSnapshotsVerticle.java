package io.edgefleet.deployment.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the registry's retained endpoint snapshots ({@code fleet/v1/+/endpoints/+}, {@code endpoint-state}) into the
 * {@link EndpointDirectory}, so that endpoints enrolled before this service first subscribed, and endpoints whose
 * event was lost, are known. The subscription is not shared: shared subscriptions get no retained messages, so every
 * replica reads every snapshot (applying one twice changes nothing). An empty payload means the endpoint was deleted.
 * A snapshot whose topic, tenant or id disagree is dead-lettered. Snapshots are applied one after another.
 */
public final class EndpointSnapshotsVerticle extends VerticleBase {

    public static final String FILTER = "fleet/v1/+/endpoints/+";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointSnapshotsVerticle.class);
    private static final Pattern TOPIC = Pattern.compile("^fleet/v1/([a-z][a-z0-9-]{1,39})/endpoints/(ep-[a-z2-7]{12})$");

    private final EndpointDirectory directory;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private Future<?> tail = Future.succeededFuture();

    public EndpointSnapshotsVerticle(EndpointDirectory directory, MqttEventClient mqtt, JsonIngress ingress,
                                     DeadLetters deadLetters) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Future<?> start() {
        return mqtt.subscribeUntilStored(FILTER, MqttQoS.AT_LEAST_ONCE, this::onSnapshot);
    }

    @Override
    public Future<?> stop() {
        return tail.recover(e -> Future.succeededFuture());
    }

    private Future<?> onSnapshot(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not an endpoint snapshot topic fleet/v1/{tenant}/endpoints/{endpoint}");
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        if (message.payload().length() == 0) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return inOrder(() -> directory.snapshotCleared(tenant, endpoint, now).onSuccess(cleared -> LOG.debug(
                    "snapshot of endpoint {} of tenant {} cleared: {} retained desired cleared", endpoint, tenant, cleared)));
        }
        JsonNode snapshot = ingress.parse(message, "endpoint-state").orElse(null);
        if (snapshot == null) {
            return Future.succeededFuture();
        }
        if (!tenant.equals(snapshot.get("tenant").asText()) || !endpoint.equals(snapshot.get("endpointId").asText())) {
            deadLetters.reject(message, "topic-mismatch: snapshot of " + snapshot.get("endpointId").asText() + " in tenant '"
                    + snapshot.get("tenant").asText() + "' on " + message.topic());
            return Future.succeededFuture();
        }
        OffsetDateTime updatedAt;
        try {
            updatedAt = OffsetDateTime.parse(snapshot.get("updatedAt").asText());
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: /updatedAt: " + e.getMessage());
            return Future.succeededFuture();
        }
        return inOrder(() -> directory.snapshot(tenant, endpoint, snapshot.get("labels"), updatedAt,
                snapshot.get("linkProfile")).onSuccess(queued -> LOG.debug(
                "snapshot of endpoint {} of tenant {}: {} desired document(s) queued", endpoint, tenant, queued)));
    }

    /** Applies snapshots one after the other, in arrival order; the future is this one's. */
    private Future<?> inOrder(Supplier<Future<?>> task) {
        tail = tail.transform(ignored -> task.get());
        return tail;
    }
}

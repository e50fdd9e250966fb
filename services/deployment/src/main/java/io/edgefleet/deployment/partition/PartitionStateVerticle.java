package io.edgefleet.deployment.partition;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tenancy service's retained partition states ({@code fleet/v1/+/partitions/+/state}) in
 * {@link PartitionStates}. Not shared: every replica reads every state, retained ones included. A state whose topic,
 * tenant or partition disagree, or that breaks the schema, is dead-lettered; an empty payload forgets the partition's
 * state.
 */
public final class PartitionStateVerticle extends VerticleBase {

    public static final String FILTER = "fleet/v1/+/partitions/+/state";

    private static final Logger LOG = LoggerFactory.getLogger(PartitionStateVerticle.class);
    private static final Pattern TOPIC =
            Pattern.compile("^fleet/v1/([a-z][a-z0-9-]{1,39})/partitions/([a-z](?:[a-z0-9-]{0,17}[a-z0-9])?)/state$");

    private final PartitionStates states;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;

    public PartitionStateVerticle(PartitionStates states, MqttEventClient mqtt, JsonIngress ingress, DeadLetters deadLetters) {
        this.states = Objects.requireNonNull(states, "states");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Future<?> start() {
        return mqtt.subscribeUntilStored(FILTER, MqttQoS.AT_LEAST_ONCE, this::onState);
    }

    private Future<?> onState(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not a partition state topic fleet/v1/{tenant}/partitions/{partition}/state");
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String partition = topic.group(2);
        if (message.payload().length() == 0) {
            return states.forget(tenant, partition);
        }
        JsonNode state = ingress.parse(message, "partition-state").orElse(null);
        if (state == null) {
            return Future.succeededFuture();
        }
        if (!tenant.equals(state.get("tenant").asText()) || !partition.equals(state.get("partition").asText())) {
            deadLetters.reject(message, "topic-mismatch: state of partition '" + state.get("partition").asText()
                    + "' of tenant '" + state.get("tenant").asText() + "' on " + message.topic());
            return Future.succeededFuture();
        }
        OffsetDateTime reportedAt;
        try {
            reportedAt = OffsetDateTime.parse(state.get("reportedAt").asText());
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: /reportedAt: " + e.getMessage());
            return Future.succeededFuture();
        }
        return states.store(tenant, partition, state, reportedAt)
                .onSuccess(stored -> LOG.debug("state of partition {} of tenant {} (generation {}) {}", partition, tenant,
                        state.get("observedGeneration").asLong(), stored ? "stored" : "older than the stored one"));
    }
}

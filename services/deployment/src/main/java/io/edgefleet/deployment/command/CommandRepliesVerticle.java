package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the agents' replies ({@code $share/deployment/edge/v1/+/+/replies}, {@code reply.schema.json}): a valid reply
 * completes the command of that id that was sent to the endpoint the topic names (the broker lets an agent publish on
 * its own topics only, so a reply cannot complete another endpoint's command), and wakes the HTTP call waiting for it.
 * A reply that is not JSON or breaks the schema, or names a command the endpoint was never sent, is dead-lettered; a
 * second reply to the same command (the agent answers a redelivered id again) is ignored. Also forgets commands older
 * than {@link #RETENTION}, once an hour.
 */
public final class CommandRepliesVerticle extends VerticleBase {

    public static final String FILTER = "$share/deployment/edge/v1/+/+/replies";
    /** How long answered and unanswered commands stay readable. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(CommandRepliesVerticle.class);
    private static final Pattern TOPIC = Pattern.compile("^edge/v1/([a-z][a-z0-9-]{1,39})/(ep-[a-z2-7]{12})/replies$");
    private static final long SWEEP_MILLIS = Duration.ofHours(1).toMillis();

    private final CommandStore store;
    private final CommandWaiters waiters;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private long sweeper = -1;

    public CommandRepliesVerticle(CommandStore store, CommandWaiters waiters, MqttEventClient mqtt, JsonIngress ingress,
                                  DeadLetters deadLetters) {
        this.store = Objects.requireNonNull(store, "store");
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Future<?> start() {
        sweeper = vertx.setPeriodic(SWEEP_MILLIS, t -> forgetOld());
        return mqtt.subscribeUntilStored(FILTER, MqttQoS.AT_LEAST_ONCE, this::onReply);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweeper);
        return Future.succeededFuture();
    }

    private Future<?> onReply(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not a reply topic edge/v1/{tenant}/{endpoint}/replies");
            return Future.succeededFuture();
        }
        JsonNode reply = ingress.parse(message, "reply").orElse(null);
        if (reply == null) {
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        String id = reply.get("commandId").asText();
        String status = reply.get("status").asText();
        OffsetDateTime now = Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        return store.complete(tenant, endpoint, id, status, reply, now)
                .compose(completed -> {
                    if (completed.isPresent()) {
                        waiters.replied(completed.get());
                        LOG.info("command {} ({} on {}) answered {} by endpoint {} of tenant {}", id,
                                completed.get().type(), completed.get().container(), status, endpoint, tenant);
                        return Future.succeededFuture();
                    }
                    return store.exists(tenant, endpoint, id).map(known -> {
                        if (known) {
                            LOG.debug("command {} of endpoint {} of tenant {} answered again; the first reply stays", id,
                                    endpoint, tenant);
                        } else {
                            deadLetters.reject(message, "unknown-command: endpoint " + endpoint + " of tenant '" + tenant
                                    + "' was sent no command " + id);
                        }
                        return null;
                    });
                });
    }

    private void forgetOld() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(RETENTION);
        store.forgetIssuedBefore(before)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("{} command(s) issued before {} forgotten", n, before);
                    }
                })
                .onFailure(e -> LOG.warn("old commands not forgotten: {}", e.getMessage()));
    }
}

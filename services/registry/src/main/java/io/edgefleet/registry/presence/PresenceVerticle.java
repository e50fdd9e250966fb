package io.edgefleet.registry.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.registry.endpoint.EndpointStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the agents' presence, heartbeats and state reports (shared subscriptions, so replicas split
 * them), keeps endpoint statuses, flushes heartbeats once per interval and expires leases.
 *
 * <p>Presence and state go to the database at once, each in its own transaction with its event. A
 * heartbeat of an endpoint this replica knows to be online only updates the in-memory buffer; any other
 * heartbeat is applied at once (it may bring the endpoint online). Every tick writes the buffer in one
 * statement, re-checks endpoints the database no longer holds online, then sweeps expired leases.
 */
public final class PresenceVerticle extends VerticleBase {

    public static final String PRESENCE = "$share/registry/edge/v1/+/+/presence";
    public static final String HEARTBEAT = "$share/registry/edge/v1/+/+/heartbeat";
    public static final String STATE = "$share/registry/edge/v1/+/+/state";

    private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);

    private final Pool pool;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private final Duration tickInterval;
    private final Runnable afterCommit;
    private final PresenceMetrics metrics;
    private final HeartbeatBuffer buffer = new HeartbeatBuffer();
    private final Sequencer sequencer = new Sequencer();
    // endpoint id -> tenant, for endpoints this replica saw online; their heartbeats skip the database
    private final Map<String, String> knownOnline = new HashMap<>();
    private final FlapDamping damping;
    private PresenceStore store;
    private long timer = -1;
    private boolean stopped;

    /**
     * @param tickInterval how often heartbeats are flushed and leases swept
     * @param afterCommit  runs after a committed change that queued events (wakes the outbox relay)
     * @param flapWindow   how long after a connection loss an endpoint counts as flapping (zero: no damping)
     * @param flapGrace    how long a flapping endpoint's next connection loss waits before it applies (zero: none)
     */
    public PresenceVerticle(Pool pool, MqttEventClient mqtt, JsonIngress ingress, DeadLetters deadLetters,
                            MeterRegistry meters, Duration tickInterval, Runnable afterCommit,
                            Duration flapWindow, Duration flapGrace) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.tickInterval = Objects.requireNonNull(tickInterval, "tickInterval");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
        this.metrics = new PresenceMetrics(meters);
        this.damping = new FlapDamping(new FlapDamping.Settings(flapWindow, flapGrace));
    }

    @Override
    public Future<?> start() {
        store = new PresenceStore(pool, afterCommit);
        return Future.all(
                        mqtt.subscribeRetrying(PRESENCE, MqttQoS.AT_LEAST_ONCE, message(this::onPresence)),
                        mqtt.subscribeRetrying(HEARTBEAT, MqttQoS.AT_LEAST_ONCE, message(this::onHeartbeat)),
                        mqtt.subscribeRetrying(STATE, MqttQoS.AT_LEAST_ONCE, message(this::onState)))
                .onSuccess(v -> scheduleTick());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // what arrived is not lost: in-flight messages finish, buffered heartbeats are written
        return sequencer.idle().compose(v -> flush()).recover(e -> Future.succeededFuture());
    }

    /** Applies one message; the future completes when what it changed is stored. */
    private interface TopicHandler {
        Future<?> handle(InboundMessage message, EdgeTopic topic);
    }

    private Function<InboundMessage, Future<?>> message(TopicHandler handler) {
        return message -> {
            if (stopped) {
                return Future.succeededFuture(); // the registry that starts next reads the retained reports again
            }
            Optional<EdgeTopic> topic = EdgeTopic.parse(message.topic());
            if (topic.isEmpty()) {
                deadLetters.reject(message, "topic: not edge/v1/{tenant}/{endpoint id}/{kind}");
                return Future.succeededFuture();
            }
            if (message.payload().length() == 0) {
                // an empty retained payload clears the topic (e.g. after the endpoint was deleted): nothing to apply
                metrics.ignored(topic.get().kind(), "empty");
                return Future.succeededFuture();
            }
            return handler.handle(message, topic.get());
        };
    }

    private Future<?> onPresence(InboundMessage message, EdgeTopic topic) {
        return ingress.parse(message, "presence").<Future<?>>map(json -> {
            PresenceRules.Presence presence = new PresenceRules.Presence(
                    "online".equals(json.get("status").asText()),
                    text(json, "reason"), instant(json, "at"), text(json, "connectionId"));
            boolean connectionLost = !presence.online()
                    && "connection-lost".equals(PresenceRules.offlineCause(presence));
            if (presence.online()) {
                damping.cameOnline(topic.endpointId());
            } else if (connectionLost && damping.holdLoss(topic.endpointId(), Instant.now())) {
                hold(topic, presence);
                return Future.succeededFuture();
            }
            return applyPresence(topic, presence, connectionLost);
        }).orElse(Future.succeededFuture());
    }

    // a flapping endpoint's connection loss: applied after the grace unless the agent came back meanwhile
    private void hold(EdgeTopic topic, PresenceRules.Presence presence) {
        long epoch = damping.epoch(topic.endpointId());
        metrics.damped();
        vertx.setTimer(damping.grace().toMillis(), id -> {
            if (stopped) {
                return;
            }
            if (damping.epoch(topic.endpointId()) != epoch) {
                metrics.ignored(topic.kind(), "flap-recovered");
                LOG.debug("connection loss of flapping endpoint {} (tenant {}) not applied: it came back within {}",
                        topic.endpointId(), topic.tenant(), damping.grace());
                return;
            }
            applyPresence(topic, presence, true);
        });
    }

    private Future<?> applyPresence(EdgeTopic topic, PresenceRules.Presence presence, boolean connectionLost) {
        return sequencer.run(topic.endpointId(), () -> store.applyPresence(topic, presence))
                .onSuccess(outcome -> {
                    track(topic, outcome);
                    if (connectionLost && outcome == PresenceStore.Outcome.WENT_OFFLINE) {
                        damping.lostConnection(topic.endpointId(), Instant.now());
                    }
                })
                .onFailure(e -> LOG.debug("presence of endpoint {} (tenant {}) not applied: {}", topic.endpointId(),
                        topic.tenant(), e.toString()));
    }

    private Future<?> onHeartbeat(InboundMessage message, EdgeTopic topic) {
        return ingress.parse(message, "heartbeat").<Future<?>>map(json -> {
            metrics.heartbeat();
            HeartbeatBuffer.Beat beat = new HeartbeatBuffer.Beat(topic.tenant(), Instant.now(),
                    json.get("intervalSeconds").asInt());
            String tenant = knownOnline.get(topic.endpointId());
            if (tenant == null) {
                return applyHeartbeat(topic, beat);
            }
            if (!tenant.equals(topic.tenant())) {
                metrics.ignored(topic.kind(), "tenant-mismatch");
            } else {
                buffer.put(topic.endpointId(), beat);
            }
            return Future.succeededFuture();
        }).orElse(Future.succeededFuture());
    }

    private Future<?> applyHeartbeat(EdgeTopic topic, HeartbeatBuffer.Beat beat) {
        return sequencer.run(topic.endpointId(), () -> store.applyHeartbeat(topic, beat.intervalSeconds()))
                .onSuccess(outcome -> {
                    track(topic, outcome);
                    if (outcome.online()) {
                        buffer.put(topic.endpointId(), beat);
                    }
                })
                .onFailure(e -> LOG.debug("heartbeat of endpoint {} (tenant {}) not applied: {}", topic.endpointId(),
                        topic.tenant(), e.toString()));
    }

    private Future<?> onState(InboundMessage message, EdgeTopic topic) {
        return ingress.parse(message, "state").<Future<?>>map(json -> sequencer
                .run(topic.endpointId(), () -> store.applyState(topic, json))
                .onSuccess(outcome -> track(topic, outcome)))
                .orElse(Future.succeededFuture());
    }

    private void track(EdgeTopic topic, PresenceStore.Outcome outcome) {
        String ignored = outcome.ignoredReason();
        if (ignored != null) {
            metrics.ignored(topic.kind(), ignored);
            LOG.debug("{} of endpoint {} (tenant {}) ignored: {}", topic.kind(), topic.endpointId(), topic.tenant(),
                    ignored);
            if (outcome == PresenceStore.Outcome.UNKNOWN_ENDPOINT && topic.retainedKind()) {
                clearRetained(topic);
            }
            return;
        }
        if (outcome.online()) {
            knownOnline.put(topic.endpointId(), topic.tenant());
        } else {
            knownOnline.remove(topic.endpointId());
        }
        if (outcome == PresenceStore.Outcome.WENT_ONLINE || outcome == PresenceStore.Outcome.WENT_OFFLINE) {
            LOG.info("endpoint {} (tenant {}) is {} ({})", topic.endpointId(), topic.tenant(),
                    outcome.online() ? "online" : "offline", topic.kind());
        }
    }

    // the broker publishes a deleted endpoint's Last Will when it drops the session, possibly after the delete
    // cleared the retained presence; nothing may stay retained for an endpoint that does not exist
    private void clearRetained(EdgeTopic topic) {
        mqtt.publish(topic.topic(), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, true)
                .onSuccess(v -> LOG.info("cleared retained {} of unknown endpoint {} (tenant {})", topic.kind(),
                        topic.endpointId(), topic.tenant()))
                .onFailure(e -> LOG.warn("retained {} of unknown endpoint {} not cleared: {}", topic.kind(),
                        topic.endpointId(), e.getMessage()));
    }

    private void scheduleTick() {
        if (!stopped) {
            timer = vertx.setTimer(tickInterval.toMillis(), id -> tick());
        }
    }

    private void tick() {
        damping.prune(Instant.now());
        flush()
                .compose(v -> store.expireLeases())
                .onSuccess(this::expired)
                .onFailure(e -> LOG.error("heartbeat flush or lease sweep failed; retrying in {} ms",
                        tickInterval.toMillis(), e))
                .onComplete(ignored -> scheduleTick());
    }

    private Future<Void> flush() {
        Map<String, HeartbeatBuffer.Beat> beats = buffer.drain();
        if (beats.isEmpty()) {
            return Future.succeededFuture();
        }
        long started = System.nanoTime();
        return store.flush(beats)
                .onSuccess(found -> {
                    metrics.flushed(beats.size(), System.nanoTime() - started);
                    recheck(beats, found);
                })
                .onFailure(e -> buffer.restore(beats))
                .mapEmpty();
    }

    // endpoints that vanished or that another replica (or the sweeper) took offline since this one saw them
    private void recheck(Map<String, HeartbeatBuffer.Beat> beats, List<PresenceStore.Flushed> found) {
        Map<String, HeartbeatBuffer.Beat> missing = new HashMap<>(beats);
        for (PresenceStore.Flushed endpoint : found) {
            HeartbeatBuffer.Beat beat = missing.remove(endpoint.endpointId());
            if (endpoint.status() == EndpointStatus.ONLINE) {
                continue;
            }
            knownOnline.remove(endpoint.endpointId());
            if (PresenceRules.receivedAfter(beat.seenAt(), endpoint.statusSince())) {
                applyHeartbeat(new EdgeTopic(beat.tenant(), endpoint.endpointId(), "heartbeat"), beat);
            } else {
                metrics.ignored("heartbeat", "stale");
            }
        }
        missing.forEach((id, beat) -> {
            knownOnline.remove(id);
            metrics.ignored("heartbeat", "unknown-endpoint");
        });
    }

    private void expired(List<String> ids) {
        ids.forEach(knownOnline::remove);
        if (!ids.isEmpty()) {
            LOG.info("lease expired for {} endpoint(s): {}", ids.size(), ids);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode json, String field) {
        String text = text(json, field);
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}

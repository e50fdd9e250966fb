package io.edgefleet.kit.mqtt;

import io.edgefleet.kit.config.MqttConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP/MQTT session to the broker. The vertx-mqtt client confirms a publish when it is written; this
 * class correlates PUBACK and SUBACK packets with their packet ids so callers learn when the broker really
 * took a message. When the session ends every pending future fails; a new session is a new instance.
 */
final class MqttConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final int SUBACK_FAILURE = 0x80;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /**
     * Largest message this client decodes: the broker's packet limit (16 MiB) plus room for what it adds when it
     * forwards. Netty's default (8092 bytes) would make any larger message break the session, and the broker would
     * redeliver it forever; consumers reject oversized payloads themselves.
     */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    private final MqttClient client;
    private final int maxInflight;
    private final Map<Integer, Promise<Void>> awaitingPuback = new HashMap<>();
    private final Set<Integer> earlyPubacks = new HashSet<>();
    private final Map<Integer, Promise<MqttSubAckMessage>> awaitingSuback = new HashMap<>();
    private final Map<Integer, MqttSubAckMessage> earlySubacks = new HashMap<>();
    private final Deque<Queued> waiting = new ArrayDeque<>();
    private int inflight;
    private boolean open;

    private record Queued(String topic, Buffer payload, boolean retain, Promise<Void> promise) {
    }

    private MqttConnection(MqttClient client, int maxInflight) {
        this.client = client;
        this.maxInflight = maxInflight;
    }

    /**
     * Connects with a persistent session (clean session off) and keep-alive 30 s.
     *
     * @param inbound called for every message the broker delivers, on the connection's event loop
     * @param closed  called once when an established session ends (not when the connect itself fails)
     */
    static Future<MqttConnection> open(Vertx vertx, MqttConfig config, Handler<InboundMessage> inbound,
                                       Handler<MqttConnection> closed) {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(config.clientId())
                .setUsername(config.username())
                .setPassword(config.password())
                .setCleanSession(false)
                .setKeepAliveInterval(30)
                .setAutoKeepAlive(true)
                .setMaxInflightQueue(config.maxInflight())
                .setMaxMessageSize(MAX_MESSAGE_BYTES);
        // PUBACK after the handlers (or later, when a handler defers it), not before: see Acknowledgement
        options.setAutoAck(false);
        options.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        MqttClient client = MqttClient.create(vertx, options);
        MqttConnection connection = new MqttConnection(client, config.maxInflight());
        client.publishHandler(msg -> inbound.handle(new InboundMessage(msg.topicName(), msg.payload(), msg.isRetain(),
                msg.qosLevel().value(), msg.qosLevel() == MqttQoS.AT_MOST_ONCE ? Acknowledgement.none()
                        : new Acknowledgement(() -> acknowledge(connection, msg)))));
        client.publishCompletionHandler(connection::onPuback);
        client.subscribeCompletionHandler(connection::onSuback);
        client.closeHandler(v -> {
            connection.onClosed();
            closed.handle(connection);
        });

        Promise<MqttConnection> result = Promise.promise();
        long timer = vertx.setTimer(CONNECT_TIMEOUT_MILLIS + 5_000L, id -> {
            if (result.tryFail(new MqttConnectException(describe(config) + " got no CONNACK within "
                    + (CONNECT_TIMEOUT_MILLIS + 5_000) + " ms", null))) {
                client.disconnect();
            }
        });
        client.connect(config.port(), config.host()).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                synchronized (connection) {
                    connection.open = true;
                }
                if (!result.tryComplete(connection)) {
                    client.disconnect();
                }
            } else {
                result.tryFail(connectFailure(config, ar.cause()));
            }
        });
        return result.future();
    }

    private static void acknowledge(MqttConnection connection, MqttPublishMessage message) {
        if (!connection.isOpen()) {
            // the broker redelivers an unacknowledged message to the next session
            return;
        }
        try {
            message.ack();
        } catch (RuntimeException e) {
            LOG.debug("PUBACK for packet {} not sent: {}", message.messageId(), e.toString());
        }
    }

    private static MqttConnectException connectFailure(MqttConfig config, Throwable cause) {
        if (cause instanceof MqttConnectionException refused) {
            return new MqttConnectException(describe(config) + " was refused by the broker: " + refused.code(), cause);
        }
        return new MqttConnectException(describe(config) + " failed: " + cause.getMessage(), cause);
    }

    private static String describe(MqttConfig config) {
        return "MQTT connect to " + config.host() + ":" + config.port() + " as user '" + config.username()
                + "' (client id '" + config.clientId() + "')";
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Publishes; for QoS 1 the future completes on PUBACK, for QoS 0 when written. */
    Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retain) {
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            return Future.failedFuture(new IllegalArgumentException("QoS " + qos + " is not supported, use 0 or 1"));
        }
        if (qos == MqttQoS.AT_MOST_ONCE) {
            if (!isOpen()) {
                return Future.failedFuture(notConnected());
            }
            return client.publish(topic, payload, qos, false, retain).mapEmpty();
        }
        Promise<Void> promise = Promise.promise();
        boolean sendNow;
        synchronized (this) {
            if (!open) {
                return Future.failedFuture(notConnected());
            }
            sendNow = inflight < maxInflight;
            if (sendNow) {
                inflight++;
            } else {
                waiting.add(new Queued(topic, payload, retain, promise));
            }
        }
        if (sendNow) {
            sendQos1(topic, payload, retain, promise);
        }
        return promise.future();
    }

    private void sendQos1(String topic, Buffer payload, boolean retain, Promise<Void> promise) {
        client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, retain).onComplete(ar -> {
            if (ar.failed()) {
                synchronized (this) {
                    inflight--;
                }
                promise.tryFail(ar.cause());
                drain();
                return;
            }
            int packetId = ar.result();
            boolean acked;
            synchronized (this) {
                acked = earlyPubacks.remove(packetId);
                if (acked) {
                    inflight--;
                } else if (open) {
                    awaitingPuback.put(packetId, promise);
                }
            }
            if (acked) {
                promise.tryComplete();
                drain();
            } else if (!isOpen()) {
                promise.tryFail(lostBeforeAck());
            }
        });
    }

    private void onPuback(int packetId) {
        Promise<Void> promise;
        synchronized (this) {
            promise = awaitingPuback.remove(packetId);
            if (promise == null) {
                // the ack overtook the write callback that registers the packet id
                earlyPubacks.add(packetId);
                return;
            }
            inflight--;
        }
        promise.tryComplete();
        drain();
    }

    private void drain() {
        while (true) {
            Queued next;
            synchronized (this) {
                if (!open || inflight >= maxInflight || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                inflight++;
            }
            sendQos1(next.topic(), next.payload(), next.retain(), next.promise());
        }
    }

    /** Subscribes; completes with the SUBACK, fails when the broker refused the filter (0x80). */
    Future<Void> subscribe(String filter, MqttQoS qos) {
        if (!isOpen()) {
            return Future.failedFuture(notConnected());
        }
        Promise<MqttSubAckMessage> promise = Promise.promise();
        client.subscribe(filter, qos.value()).onComplete(ar -> {
            if (ar.failed()) {
                promise.tryFail(ar.cause());
                return;
            }
            int packetId = ar.result();
            MqttSubAckMessage early;
            synchronized (this) {
                early = earlySubacks.remove(packetId);
                if (early == null && open) {
                    awaitingSuback.put(packetId, promise);
                }
            }
            if (early != null) {
                promise.tryComplete(early);
            } else if (!isOpen()) {
                promise.tryFail(new IllegalStateException("MQTT connection lost before SUBACK for '" + filter + "'"));
            }
        });
        return promise.future().compose(suback -> {
            List<Integer> granted = suback.grantedQoSLevels();
            if (granted.isEmpty() || granted.get(0) == SUBACK_FAILURE) {
                return Future.failedFuture(new MqttSubscribeException(
                        "broker refused subscription to '" + filter + "' (SUBACK 0x80: not authorised or invalid)"));
            }
            return Future.succeededFuture();
        });
    }

    private void onSuback(MqttSubAckMessage suback) {
        Promise<MqttSubAckMessage> promise;
        synchronized (this) {
            promise = awaitingSuback.remove(suback.messageId());
            if (promise == null) {
                earlySubacks.put(suback.messageId(), suback);
                return;
            }
        }
        promise.tryComplete(suback);
    }

    private void onClosed() {
        List<Promise<?>> pending = new ArrayList<>();
        synchronized (this) {
            open = false;
            pending.addAll(awaitingPuback.values());
            waiting.forEach(q -> pending.add(q.promise()));
            pending.addAll(awaitingSuback.values());
            awaitingPuback.clear();
            waiting.clear();
            awaitingSuback.clear();
            inflight = 0;
        }
        pending.forEach(p -> p.tryFail(lostBeforeAck()));
    }

    /** Sends DISCONNECT and closes the socket; the close handler runs afterwards. */
    Future<Void> disconnect() {
        return client.disconnect();
    }

    private static IllegalStateException notConnected() {
        return new IllegalStateException("MQTT client is not connected");
    }

    private static IllegalStateException lostBeforeAck() {
        return new IllegalStateException("MQTT connection lost before the broker acknowledged");
    }
}

package io.edgefleet.kit.mqtt;

import io.edgefleet.kit.config.MqttConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's connection to the broker: MQTT 3.1.1 with a persistent session (clean session off),
 * keep-alive 30 s, QoS 1 publishes confirmed by PUBACK, and a reconnect loop.
 *
 * <p>After {@link #start()} succeeded, a lost connection is re-established forever with exponential backoff
 * (0.5 s doubling up to 30 s, full jitter) and every subscription is sent again. Publishing while the
 * connection is down fails at once: callers that must not lose a message (the outbox relay) retry.
 *
 * <p>Thread-safe. Subscription handlers run on the Vert.x context that called {@link #subscribe}, in
 * delivery order, so a verticle's handler never runs concurrently with its other code. A QoS 1 message is
 * acknowledged (PUBACK) once its handlers have returned, or later by a handler that {@link Acknowledgement#defer()
 * deferred} it: the broker then holds further messages beyond its in-flight window for the persistent session, which
 * is how a slow consumer applies backpressure.
 */
public final class MqttEventClient {

    /** Gauge name of {@link #bindTo}. */
    public static final String CONNECTED_GAUGE = "edgefleet_mqtt_connected";

    private static final Logger LOG = LoggerFactory.getLogger(MqttEventClient.class);
    private static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final MqttConfig config;
    private final Context context;
    private final Backoff backoff = new Backoff(BACKOFF_BASE, BACKOFF_MAX);
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private MqttConnection connection;
    private boolean started;
    private boolean closed;
    private long reconnectTimer = -1;

    private record Subscription(String filter, MqttQoS qos, Handler<InboundMessage> handler, Context context) {
    }

    private MqttEventClient(Vertx vertx, MqttConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.context = vertx.getOrCreateContext();
    }

    /** Creates a client; nothing connects until {@link #start()}. */
    public static MqttEventClient create(Vertx vertx, MqttConfig config) {
        return new MqttEventClient(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(config, "config"));
    }

    /**
     * Connects for the first time. Fails with {@link MqttConnectException} naming the broker, user and
     * return code when the broker is unreachable or refuses the credentials; after a success the client
     * keeps reconnecting on its own.
     */
    public Future<Void> start() {
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new IllegalStateException("MQTT client was closed"));
            }
            if (started) {
                return Future.failedFuture(new IllegalStateException("MQTT client already started"));
            }
            started = true;
        }
        return connectOnContext().compose(this::established, failure -> {
            synchronized (this) {
                started = false;
            }
            return Future.failedFuture(failure);
        });
    }

    private Future<MqttConnection> connectOnContext() {
        Promise<MqttConnection> promise = Promise.promise();
        context.runOnContext(v -> MqttConnection.open(vertx, config, this::dispatch, this::onConnectionClosed)
                .onComplete(promise));
        return promise.future();
    }

    private Future<Void> established(MqttConnection fresh) {
        List<Subscription> toSubscribe;
        synchronized (this) {
            if (closed) {
                fresh.disconnect();
                return Future.failedFuture(new IllegalStateException("MQTT client was closed"));
            }
            connection = fresh;
            backoff.reset();
            toSubscribe = new ArrayList<>(subscriptions.values());
        }
        LOG.info("MQTT connected to {}:{} as {} (client id {})", config.host(), config.port(), config.username(),
                config.clientId());
        List<Future<Void>> resubscribed = new ArrayList<>();
        for (Subscription s : toSubscribe) {
            resubscribed.add(fresh.subscribe(s.filter(), s.qos()).recover(e -> {
                LOG.error("MQTT subscription to {} failed: {}", s.filter(), e.getMessage());
                if (e instanceof MqttSubscribeException) {
                    forget(s);
                }
                return Future.succeededFuture();
            }));
        }
        // a refused filter is logged and dropped; it does not make the connection fail
        return Future.all(resubscribed).mapEmpty();
    }

    private void onConnectionClosed(MqttConnection lost) {
        synchronized (this) {
            if (connection != lost) {
                return;
            }
            connection = null;
            if (closed) {
                return;
            }
        }
        LOG.warn("MQTT connection to {}:{} lost; reconnecting", config.host(), config.port());
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            delay = Math.max(1, backoff.nextDelayMillis());
            reconnectTimer = vertx.setTimer(delay, id -> reconnect());
        }
        LOG.debug("MQTT reconnect in {} ms", delay);
    }

    private void reconnect() {
        synchronized (this) {
            reconnectTimer = -1;
            if (closed) {
                return;
            }
        }
        connectOnContext().compose(this::established).onFailure(e -> {
            if (!isConnected()) {
                LOG.warn("MQTT reconnect failed: {}", e.getMessage());
                scheduleReconnect();
            }
        });
    }

    /**
     * Publishes a message. With QoS 1 the future completes only when the broker's PUBACK arrived; it fails
     * when the client is not connected or the connection drops before the ack. QoS 2 is not supported.
     * Publishes beyond {@link MqttConfig#maxInflight()} wait for a free slot.
     */
    public Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        MqttConnection current;
        synchronized (this) {
            current = connection;
        }
        if (current == null) {
            return Future.failedFuture(new IllegalStateException("MQTT client is not connected"));
        }
        return onCallerContext(current.publish(topic, payload, qos, retain));
    }

    /**
     * Subscribes and remembers the subscription, so it is sent again after every reconnect. The future
     * completes on the broker's SUBACK and fails with {@link MqttSubscribeException} (and is forgotten) when
     * the broker refuses the filter (0x80). While disconnected (or before {@link #start()}), or when the
     * connection ends before the SUBACK, the subscription is only remembered, the future succeeds, and the
     * filter is sent when the connection is (re-)established; a refusal then is logged and the filter
     * dropped. A filter may carry a {@code $share/<group>/} prefix.
     *
     * @param handler runs on the caller's Vert.x context for every message whose topic matches the filter
     */
    public Future<Void> subscribe(String filter, MqttQoS qos, Handler<InboundMessage> handler) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(handler, "handler");
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            return Future.failedFuture(new IllegalArgumentException("QoS " + qos + " is not supported, use 0 or 1"));
        }
        Subscription subscription = new Subscription(filter, qos, handler, vertx.getOrCreateContext());
        MqttConnection current;
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new IllegalStateException("MQTT client was closed"));
            }
            subscriptions.put(filter, subscription);
            current = connection;
        }
        if (current == null) {
            return Future.succeededFuture();
        }
        return onCallerContext(current.subscribe(filter, qos).recover(e -> {
            if (e instanceof MqttSubscribeException) {
                forget(subscription);
                return Future.failedFuture(e);
            }
            // the connection ended before the SUBACK: the subscription is sent again after the reconnect
            return Future.succeededFuture();
        }));
    }

    /**
     * Like {@link #subscribe}, for a handler whose work is a database write: the message's PUBACK is sent only when the
     * future {@code store} returns succeeded, and a failure that may pass (PostgreSQL restarting or unreachable) is
     * tried again with backoff until it does. So a message the broker handed over is never acknowledged before its
     * effect is committed; {@code store} must be idempotent, as the broker may also deliver it again. The broker sends
     * the connection further messages only once those in flight are acknowledged: keep slow or busy consumers off a
     * connection that uses this ({@link #subscribeRetrying}).
     */
    public Future<Void> subscribeUntilStored(String filter, MqttQoS qos, Function<InboundMessage, Future<?>> store) {
        Objects.requireNonNull(store, "store");
        return subscribe(filter, qos, new UntilStored(vertx, filter, store, this::isClosed, true));
    }

    /**
     * For a busy latest-wins topic (presence, state reports): the PUBACK goes at once, as with {@link #subscribe}, and a
     * write that failed because PostgreSQL was away is tried again in memory with backoff until it succeeds. An outage
     * loses nothing; a crash of the service during one loses what was waiting, which the endpoint's next report
     * repairs. Acknowledging these only after storing would hold every other subscription of the connection behind
     * them (see {@link #subscribeUntilStored}).
     */
    public Future<Void> subscribeRetrying(String filter, MqttQoS qos, Function<InboundMessage, Future<?>> store) {
        Objects.requireNonNull(store, "store");
        return subscribe(filter, qos, new UntilStored(vertx, filter, store, this::isClosed, false));
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void forget(Subscription subscription) {
        synchronized (this) {
            subscriptions.remove(subscription.filter(), subscription);
        }
    }

    private void dispatch(InboundMessage message) {
        List<Subscription> matching = new ArrayList<>();
        synchronized (this) {
            for (Subscription s : subscriptions.values()) {
                if (Topics.matches(s.filter(), message.topic())) {
                    matching.add(s);
                }
            }
        }
        if (matching.isEmpty()) {
            LOG.debug("MQTT message on {} matches no subscription; dropped", message.topic());
            message.ack().send();
            return;
        }
        AtomicInteger running = new AtomicInteger(matching.size());
        for (Subscription s : matching) {
            s.context().runOnContext(v -> {
                try {
                    s.handler().handle(message);
                } catch (RuntimeException e) {
                    LOG.error("MQTT handler for {} failed on message from {}", s.filter(), message.topic(), e);
                } finally {
                    if (running.decrementAndGet() == 0 && !message.ack().isDeferred()) {
                        message.ack().send();
                    }
                }
            });
        }
    }

    /**
     * Reports the connection state as the gauge {@value #CONNECTED_GAUGE}{service} (1 connected, 0 not) in the
     * service's registry, so every service's {@code /metrics} shows whether it reaches the broker.
     *
     * @return this client
     */
    public MqttEventClient bindTo(MeterRegistry registry, String service) {
        Gauge.builder(CONNECTED_GAUGE, this, client -> client.isConnected() ? 1 : 0)
                .description("Whether the service's MQTT session with the broker is established (1) or not (0)")
                .tag("service", Objects.requireNonNull(service, "service"))
                .register(Objects.requireNonNull(registry, "registry"));
        return this;
    }

    /** Whether a session with the broker is established right now. */
    public boolean isConnected() {
        MqttConnection current;
        synchronized (this) {
            current = connection;
        }
        return current != null && current.isOpen();
    }

    /** Stops reconnecting and disconnects; pending publishes fail. */
    public Future<Void> close() {
        MqttConnection current;
        synchronized (this) {
            if (closed) {
                return Future.succeededFuture();
            }
            closed = true;
            current = connection;
            connection = null;
            if (reconnectTimer >= 0) {
                vertx.cancelTimer(reconnectTimer);
            }
        }
        if (current == null) {
            return Future.succeededFuture();
        }
        LOG.info("MQTT client {} disconnecting", config.clientId());
        return current.disconnect().recover(e -> Future.succeededFuture());
    }

    private static <T> Future<T> onCallerContext(Future<T> future) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> caller.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}

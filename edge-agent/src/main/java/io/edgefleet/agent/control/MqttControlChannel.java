package io.edgefleet.agent.control;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.StateReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ControlChannel} over MQTT 5 with hivemq-mqtt-client.
 *
 * <ul>
 *   <li>Client id and username are the endpoint id, the password is the endpoint secret.</li>
 *   <li>{@code cleanStart=false} with a one-day session expiry, so the broker keeps the session (and, once the agent
 *       subscribes, the commands queued for it) across short outages.</li>
 *   <li>The client's own automatic reconnect, with the delay of the endpoint's {@link LinkSettings}:
 *       {@code min(initial * 2^attempt, max)} (1 s doubling to 60 s by default) plus a uniform random jitter of
 *       &plusmn;25 % of it, also after refused connects, so an operator can fix the credentials without restarting
 *       the agent. The keep alive (30 s by default) also comes from the link settings; a change applies at the next
 *       (re)connect, see {@link #useLink}.</li>
 *   <li>Last Will: retained QoS 1 {@code presence} {@code {"status":"offline","reason":"connection-lost",
 *       "connectionId":...}}; every connection attempt gets a new id, and the online presence after it carries the
 *       same one, so the platform can ignore a late Will of an older connection.</li>
 * </ul>
 *
 * <p>Inbound messages: the callback is registered before the first connect, so that commands the broker queued in the
 * session while the agent was away are not lost; on every connect the channel subscribes (again) to {@code desired}
 * and {@code commands} with QoS 1, which also brings the retained desired document. Acknowledgement is manual: a
 * command is acknowledged only when the listener has recorded it, so a crash before that gets it redelivered.
 */
public final class MqttControlChannel implements ControlChannel {

    private static final Logger LOG = LoggerFactory.getLogger(MqttControlChannel.class);
    static final long SESSION_EXPIRY_SECONDS = Duration.ofDays(1).toSeconds();
    private static final Set<Mqtt5ConnAckReasonCode> CREDENTIAL_REFUSALS =
            EnumSet.of(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

    private final AgentConfig config;
    private final Topics topics;
    private final TrustManagerFactory trust;
    private volatile Mqtt5AsyncClient client;
    private volatile boolean connectionUp;
    private volatile String connectionId;
    private volatile boolean closed;
    private volatile LinkSettings link = LinkSettings.DEFAULT;

    /**
     * @throws IOException when the configured truststore cannot be loaded
     */
    public MqttControlChannel(AgentConfig config) throws IOException {
        this.config = config;
        this.topics = new Topics(config.tenant(), config.endpointId());
        this.trust = config.truststore().isPresent()
                ? TrustStores.load(config.truststore().get(), config.truststorePassword()) : null;
    }

    @Override
    public void connect(Listener listener) {
        if (client != null) {
            throw new IllegalStateException("connect was already called");
        }
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(config.endpointId())
                .serverHost(config.broker().host())
                .serverPort(config.broker().port())
                .automaticReconnect()
                .initialDelay(1, TimeUnit.SECONDS)
                .maxDelay(60, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .simpleAuth()
                .username(config.endpointId())
                .password(config.secret().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .addConnectedListener(context -> onConnected(context, listener))
                .addDisconnectedListener(context -> onDisconnected(context, listener));
        if (config.broker().tls()) {
            builder = trust == null ? builder.sslWithDefaultConfig()
                    : builder.sslConfig().trustManagerFactory(trust).applySslConfig();
        }
        client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> onPublish(publish, listener), true);
        LOG.info("connecting to broker {} as endpoint {}", config.broker(), config.endpointId());
        // failures of this first attempt are reported by onDisconnected like every later one
        connectionId = UUID.randomUUID().toString();
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .keepAlive(link.keepAliveSeconds())
                .willPublish(lastWill(connectionId))
                .send();
    }

    /** The retained offline presence the broker publishes when the connection with this id dies. */
    private Mqtt5Publish lastWill(String id) {
        return Mqtt5Publish.builder()
                .topic(topics.presence())
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(Json.bytes(Presence.connectionLost(id)))
                .build();
    }

    private void onConnected(MqttClientConnectedContext context, Listener listener) {
        if (closed) {
            // a reconnect that was already scheduled when the channel was closed
            client.disconnect();
            return;
        }
        connectionUp = true;
        boolean sessionPresent = context instanceof Mqtt5ClientConnectedContext mqtt5
                && mqtt5.getConnAck().isSessionPresent();
        LOG.info("connected to broker {} as endpoint {} (session present: {})", config.broker(),
                config.endpointId(), sessionPresent);
        subscribe();
        listener.connected(connectionId);
    }

    private void subscribe() {
        client.subscribeWith()
                .addSubscription().topicFilter(topics.desired()).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(topics.commands()).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send()
                .whenComplete((subAck, failure) -> {
                    if (failure != null) {
                        LOG.error("broker {} refused the subscription of endpoint {} to {} and {}: {}; the agent "
                                + "receives no desired state or commands until the next connect", config.broker(),
                                config.endpointId(), topics.desired(), topics.commands(), failure.toString());
                    } else {
                        LOG.debug("subscribed to {} and {}: {}", topics.desired(), topics.commands(),
                                subAck.getReasonCodes());
                    }
                });
    }

    private void onPublish(Mqtt5Publish publish, Listener listener) {
        String topic = publish.getTopic().toString();
        Runnable acknowledge = () -> acknowledge(publish);
        try {
            if (topic.equals(topics.desired())) {
                listener.desiredReceived(publish.getPayloadAsBytes());
                acknowledge.run();
            } else if (topic.equals(topics.commands())) {
                listener.commandReceived(new Inbound(publish.getPayloadAsBytes(), acknowledge));
            } else {
                LOG.warn("ignored a message on {}, a topic the agent does not subscribe to", topic);
                acknowledge.run();
            }
        } catch (RuntimeException e) {
            LOG.error("handing over a message on {} failed", topic, e);
            acknowledge.run();
        }
    }

    private static void acknowledge(Mqtt5Publish publish) {
        try {
            publish.acknowledge();
        } catch (IllegalStateException alreadyAcknowledged) {
            // harmless by contract
        }
    }

    private void onDisconnected(MqttClientDisconnectedContext context, Listener listener) {
        if (closed) {
            context.getReconnector().reconnect(false);
            connectionUp = false;
            LOG.info("disconnected from broker {}", config.broker());
            return;
        }
        LinkSettings current = link;
        if (context instanceof Mqtt5ClientDisconnectedContext mqtt5) {
            connectionId = UUID.randomUUID().toString();
            mqtt5.getReconnector().connectWith()
                    .keepAlive(current.keepAliveSeconds())
                    .willPublish(lastWill(connectionId))
                    .applyConnect();
        }
        // runs after the client's own automatic reconnect listener, so this delay is the one used
        context.getReconnector().delay(current.reconnectDelay(context.getReconnector().getAttempts(),
                ThreadLocalRandom.current().nextDouble()).toMillis(), TimeUnit.MILLISECONDS);
        Throwable cause = context.getCause();
        long retryMillis = context.getReconnector().getDelay(TimeUnit.MILLISECONDS);
        boolean wasUp = connectionUp;
        connectionUp = false;
        if (cause instanceof Mqtt5ConnAckException refused) {
            Mqtt5ConnAckReasonCode code = refused.getMqttMessage().getReasonCode();
            String reason = refused.getMqttMessage().getReasonString().map(text -> " (" + text + ")").orElse("");
            String hint = CREDENTIAL_REFUSALS.contains(code)
                    ? "; check the endpoint id and secret, the agent keeps trying" : "";
            LOG.warn("broker {} refused endpoint {}: {}{}{}; next attempt in {} ms", config.broker(),
                    config.endpointId(), code, reason, hint, retryMillis);
        } else if (cause instanceof Mqtt5DisconnectException closed) {
            LOG.warn("broker {} closed the connection of endpoint {}: {}; next attempt in {} ms", config.broker(),
                    config.endpointId(), closed.getMqttMessage().getReasonCode(), retryMillis);
        } else {
            LOG.warn("{} broker {}: {}; next attempt in {} ms", wasUp ? "lost the connection to" : "cannot reach",
                    config.broker(), cause.getMessage(), retryMillis);
        }
        listener.disconnected();
    }

    @Override
    public void useLink(LinkSettings settings) {
        LinkSettings before = link;
        link = settings;
        if (!settings.equals(before)) {
            LOG.info("link settings of endpoint {}: keep alive {} s (from the next connect), reconnect delay {} s "
                    + "doubling to {} s", config.endpointId(), settings.keepAliveSeconds(),
                    settings.backoffInitial().toSeconds(), settings.backoffMax().toSeconds());
        }
    }

    @Override
    public boolean isConnected() {
        Mqtt5AsyncClient current = client;
        return current != null && current.getState().isConnected();
    }

    @Override
    public CompletableFuture<Void> publishPresence(Presence presence) {
        return publish(topics.presence(), MqttQos.AT_LEAST_ONCE, true, presence);
    }

    @Override
    public CompletableFuture<Void> publishHeartbeat(Heartbeat heartbeat) {
        return publish(topics.heartbeat(), MqttQos.AT_MOST_ONCE, false, heartbeat);
    }

    @Override
    public CompletableFuture<Void> publishState(StateReport state) {
        return publish(topics.state(), MqttQos.AT_LEAST_ONCE, true, state);
    }

    @Override
    public CompletableFuture<Void> publishReply(Reply reply) {
        return publish(topics.replies(), MqttQos.AT_LEAST_ONCE, false, reply);
    }

    @Override
    public CompletableFuture<Void> publishMetrics(byte[] batch) {
        return publishBytes(topics.metrics(), MqttQos.AT_LEAST_ONCE, false, batch);
    }

    @Override
    public CompletableFuture<Void> publishLogs(byte[] batch) {
        return publishBytes(topics.logs(), MqttQos.AT_LEAST_ONCE, false, batch);
    }

    private CompletableFuture<Void> publish(String topic, MqttQos qos, boolean retain, Object payload) {
        return publishBytes(topic, qos, retain, Json.bytes(payload));
    }

    private CompletableFuture<Void> publishBytes(String topic, MqttQos qos, boolean retain, byte[] payload) {
        Mqtt5AsyncClient current = client;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the channel is not connected yet"));
        }
        return current.publishWith()
                .topic(topic)
                .qos(qos)
                .retain(retain)
                .contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(payload)
                .send()
                .thenCompose(result -> result.getError()
                        .<CompletableFuture<Void>>map(CompletableFuture::failedFuture)
                        .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
        Mqtt5AsyncClient current = client;
        if (current == null) {
            return;
        }
        try {
            current.disconnectWith()
                    .reasonCode(Mqtt5DisconnectReasonCode.NORMAL_DISCONNECTION)
                    .send()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not connected (then the Will has already gone out) or the broker did not answer in time
            LOG.debug("disconnect from broker {} did not complete: {}", config.broker(), e.toString());
        }
    }
}

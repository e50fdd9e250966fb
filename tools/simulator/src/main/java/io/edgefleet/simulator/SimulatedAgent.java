package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.edgefleet.agent.control.Topics;
import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Presence;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated agent on its own MQTT 5 connection, on the wire exactly as the real agent's
 * {@code MqttControlChannel} and {@code Agent}: client id and username = endpoint id, password = secret,
 * {@code cleanStart=false} with a one-day session, keep-alive 30 s, a retained QoS 1 offline presence as Last Will
 * with a fresh connection id per attempt, automatic reconnect 1 s doubling to 60 s; on every connect it subscribes to
 * {@code desired} and {@code commands} (QoS 1) and publishes its online presence and retained state. Desired state
 * is applied at once (every app Running at its revision, observedGeneration = the document's generation) and
 * commands are answered at once; no Docker is involved.
 */
final class SimulatedAgent {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedAgent.class);
    static final long SESSION_EXPIRY_SECONDS = Duration.ofDays(1).toSeconds();
    static final int KEEP_ALIVE_SECONDS = 30;
    private static final java.util.concurrent.atomic.AtomicInteger CAUSES_LOGGED =
            new java.util.concurrent.atomic.AtomicInteger();

    /** What the fleet wants to hear about. */
    interface Observer {
        /** A state with this generation was acknowledged by the broker. */
        void generationReported(SimulatedAgent agent, long generation);

        /** A metrics batch with this sequence number was acknowledged by the broker. */
        void metricsPublished(SimulatedAgent agent, long seq, Instant at);
    }

    final int index;
    final FleetFile.Entry entry;
    private final Topics topics;
    private final AgentPayloads payloads;
    private final FleetCounters counters;
    private final Observer observer;
    private final int heartbeatSeconds;
    private final int metricsSeconds;
    private final String stream = UUID.randomUUID().toString();
    private final long startedNanos = System.nanoTime();
    private Mqtt5AsyncClient client;
    private volatile boolean up;
    private volatile boolean closed;
    private volatile String connectionId;
    private volatile long generation;
    private volatile List<AppStatus> apps = List.of();
    private long heartbeatSeq;
    private long metricsSeq;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();

    SimulatedAgent(int index, FleetFile.Entry entry, Options options, FleetCounters counters, Observer observer) {
        this.index = index;
        this.entry = entry;
        this.topics = new Topics(entry.tenant(), entry.id());
        this.payloads = new AgentPayloads(entry.id(), options.containers(), options.samples(),
                options.statePaddingBytes());
        this.counters = counters;
        this.observer = observer;
        this.heartbeatSeconds = (int) options.heartbeatInterval().toSeconds();
        this.metricsSeconds = (int) options.metricsInterval().toSeconds();
    }

    boolean isUp() {
        return up;
    }

    long generation() {
        return generation;
    }

    /** Starts connecting; the future completes at the first CONNACK (or never, while the broker refuses). */
    CompletableFuture<Void> connect(URI broker, InetAddress source, MqttClientExecutorConfig executors) {
        var transport = MqttClient.builder().useMqttVersion5().identifier(entry.id()).transportConfig()
                .serverHost(broker.getHost()).serverPort(broker.getPort())
                .socketConnectTimeout(30, TimeUnit.SECONDS).mqttConnectTimeout(60, TimeUnit.SECONDS);
        if (source != null) {
            transport = transport.localAddress(source);
        }
        client = transport.applyTransportConfig()
                .executorConfig(executors)
                .automaticReconnect().initialDelay(1, TimeUnit.SECONDS).maxDelay(60, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .simpleAuth().username(entry.id()).password(entry.secret().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, true);
        connectionId = UUID.randomUUID().toString();
        client.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .keepAlive(KEEP_ALIVE_SECONDS).willPublish(lastWill(connectionId)).send();
        return firstConnect;
    }

    private Mqtt5Publish lastWill(String id) {
        return Mqtt5Publish.builder().topic(topics.presence()).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(Json.bytes(Presence.connectionLost(id))).build();
    }

    private void onConnected() {
        if (closed) {
            client.disconnect();
            return;
        }
        up = true;
        counters.connected.incrementAndGet();
        counters.connects.increment();
        client.subscribeWith()
                .addSubscription().topicFilter(topics.desired()).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(topics.commands()).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        counters.publishFailures.increment();
                        LOG.warn("{}: subscription refused: {}", entry.id(), failure.toString());
                    }
                });
        publish(topics.presence(), MqttQos.AT_LEAST_ONCE, true,
                Json.bytes(Presence.online(Instant.now(), AgentPayloads.VERSION, connectionId)));
        publishState();
        firstConnect.complete(null);
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        if (up) {
            up = false;
            counters.connected.decrementAndGet();
            counters.disconnects.increment();
        } else if (!closed) {
            counters.failedAttempts.increment();
        }
        if (closed) {
            context.getReconnector().reconnect(false);
            return;
        }
        if (context.getCause() instanceof Mqtt5ConnAckException refused) {
            counters.refusedConnects.increment();
            LOG.warn("{}: broker refused the connect: {}", entry.id(), refused.getMqttMessage().getReasonCode());
        } else if (CAUSES_LOGGED.getAndIncrement() < 20) {
            // the first few causes tell what goes wrong; thousands of agents would flood the log with the same one
            LOG.warn("{}: connection failed or lost: {}", entry.id(), context.getCause().toString());
        }
        if (context instanceof Mqtt5ClientDisconnectedContext mqtt5) {
            connectionId = UUID.randomUUID().toString();
            mqtt5.getReconnector().connectWith().willPublish(lastWill(connectionId)).applyConnect();
        }
    }

    private void onPublish(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        try {
            if (topic.equals(topics.desired())) {
                byte[] payload = publish.getPayloadAsBytes();
                if (payload.length > 0) {
                    applyDesired(Json.mapper().readTree(payload));
                }
                publish.acknowledge();
            } else if (topic.equals(topics.commands())) {
                answer(Json.mapper().readTree(publish.getPayloadAsBytes()), publish);
            } else {
                publish.acknowledge();
            }
        } catch (Exception e) {
            LOG.warn("{}: handling a message on {} failed: {}", entry.id(), topic, e.toString());
            publish.acknowledge();
        }
    }

    private void applyDesired(JsonNode desired) {
        counters.desiredReceived.increment();
        long next = desired.path("generation").asLong();
        apps = AgentPayloads.runningApps(desired, entry.id());
        generation = next;
        publishState();
    }

    private void answer(JsonNode command, Mqtt5Publish publish) {
        String container = command.path("target").path("container").asText();
        byte[] reply = Json.bytes(AgentPayloads.reply(command, payloads.hasContainer(container, apps)));
        publish(topics.replies(), MqttQos.AT_LEAST_ONCE, false, reply).whenComplete((ok, failure) -> {
            if (failure == null) {
                counters.commandsAnswered.increment();
            }
            publish.acknowledge();
        });
    }

    private void publishState() {
        long reported = generation;
        publish(topics.state(), MqttQos.AT_LEAST_ONCE, true, Json.bytes(payloads.state(reported, apps)))
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        counters.statesPublished.increment();
                        observer.generationReported(this, reported);
                    }
                });
    }

    /** Called by the fleet's scheduler every heartbeat interval. */
    void heartbeat() {
        if (!up) {
            return;
        }
        long uptime = (System.nanoTime() - startedNanos) / 1_000_000_000L + 3600;
        publish(topics.heartbeat(), MqttQos.AT_MOST_ONCE, false,
                Json.bytes(new Heartbeat(heartbeatSeq++, Instant.now(), heartbeatSeconds, uptime)));
        counters.heartbeats.increment();
    }

    /** Called by the fleet's scheduler every metrics interval. */
    void metrics(int samples) {
        if (samples == 0) {
            return;
        }
        long seq = metricsSeq++;
        if (!up) {
            counters.metricsSkippedOffline.increment();
            return;
        }
        var batch = payloads.metrics(stream, seq, metricsSeconds);
        publish(topics.metrics(), MqttQos.AT_LEAST_ONCE, false, Json.bytes(batch)).whenComplete((ok, failure) -> {
            if (failure == null) {
                counters.metricBatches.increment();
                counters.metricSamples.add(batch.samples().size());
                observer.metricsPublished(this, seq, batch.at());
            }
        });
    }

    private CompletableFuture<Void> publish(String topic, MqttQos qos, boolean retain, byte[] payload) {
        return client.publishWith().topic(topic).qos(qos).retain(retain).contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).payload(payload).send()
                .<Void>thenApply(result -> {
                    if (result.getError().isPresent()) {
                        throw new IllegalStateException(result.getError().get());
                    }
                    return null;
                })
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        counters.publishFailures.increment();
                    }
                });
    }

    /** A graceful stop as the real agent's: offline presence, then a normal disconnect (no Will). */
    CompletableFuture<Void> close() {
        closed = true;
        if (client == null || !up) {
            if (client != null) {
                client.disconnect();
            }
            return CompletableFuture.completedFuture(null);
        }
        return publish(topics.presence(), MqttQos.AT_LEAST_ONCE, true, Json.bytes(Presence.graceful(Instant.now())))
                .handle((ok, failure) -> null)
                .thenCompose(ignored -> client.disconnectWith()
                        .reasonCode(Mqtt5DisconnectReasonCode.NORMAL_DISCONNECTION).send())
                .handle((ok, failure) -> null);
    }
}

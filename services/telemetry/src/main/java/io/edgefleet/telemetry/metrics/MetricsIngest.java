package io.edgefleet.telemetry.metrics;

import io.edgefleet.kit.mqtt.Acknowledgement;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes metric batches from the shared subscription and writes them in batches, with bounded memory.
 *
 * <p>It reads through connections of its own ({@link MetricsSettings#ingestConnections()}), apart from the service's
 * main connection: each joins the shared subscription and brings the broker's in-flight window of its own (50
 * messages), and presence, state and events on the main connection never wait behind metric batches.
 *
 * <p>Every message's PUBACK is deferred until the message is done with: stored (its write committed) or rejected.
 * PUBACKs leave in arrival order. Accepted samples wait in a queue bounded by
 * {@link MetricsSettings#maxPendingSamples()}; a write starts at {@link MetricsSettings#flushSamples()} waiting samples
 * or every {@link MetricsSettings#flushInterval()}. A batch that does not fit into the queue waits, parsed, in a
 * hold line; since nothing behind it is acknowledged either, the broker stops delivering once its in-flight window for
 * this client is used up and keeps the rest for the persistent session. So the queue never exceeds its bound and the
 * hold line never exceeds the broker's window.
 */
final class MetricsIngest extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsIngest.class);

    /** A message whose PUBACK waits for its outcome. */
    private static final class Pending {
        private final Acknowledgement ack;
        private boolean done;

        Pending(Acknowledgement ack) {
            this.ack = ack;
        }
    }

    private record Accepted(MetricBatch batch, Pending pending) {
    }

    private final List<MqttEventClient> connections;
    private final MetricsSettings settings;
    private final MetricsValidator validator;
    private final SampleWriter writer;
    private final IngestMeters meters;
    private final Deque<Pending> acks = new ArrayDeque<>();
    private final Deque<Accepted> held = new ArrayDeque<>();
    private List<Accepted> buffer = new ArrayList<>();
    private int bufferedSamples;
    private int writingSamples;
    private int writers;

    /** @param connections not started yet: the ingest subscribes, starts them and closes them when undeployed */
    MetricsIngest(List<MqttEventClient> connections, MetricsSettings settings, MetricsValidator validator, SampleWriter writer,
                  IngestMeters meters) {
        this.connections = List.copyOf(connections);
        if (this.connections.isEmpty()) {
            throw new IllegalArgumentException("the metrics ingest needs at least one MQTT connection");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public Future<?> start() {
        meters.bindQueue(this::queuedSamples, held::size);
        vertx.setPeriodic(settings.flushInterval().toMillis(), id -> {
            if (!buffer.isEmpty()) {
                flush();
            }
        });
        // subscribed first (remembered), sent by each connection once it is established
        return Future.all(connections.stream()
                        .map(c -> c.subscribe(MetricsTopic.SHARED_FILTER, MqttQoS.AT_LEAST_ONCE, this::onMessage))
                        .toList())
                .compose(v -> Future.all(connections.stream().map(MqttEventClient::start).toList()));
    }

    @Override
    public Future<?> stop() {
        return Future.join(connections.stream().map(MqttEventClient::close).toList());
    }

    /** Samples accepted and not yet stored: waiting in the queue or being written. */
    int queuedSamples() {
        return bufferedSamples + writingSamples;
    }

    private void onMessage(InboundMessage message) {
        Pending pending = new Pending(message.ack().defer());
        acks.add(pending);
        // parsing and validating a batch of up to 1 MiB is CPU work of milliseconds: off the event loop, in order
        vertx.executeBlocking(() -> validator.accept(message), true)
                .onSuccess(batch -> admit(batch.orElse(null), pending))
                .onFailure(e -> {
                    // a bug, not bad input; holding its PUBACK would stall every message behind it
                    LOG.error("validating a metrics message on {} failed; the message is dropped", message.topic(), e);
                    meters.rejected("internal-error");
                    admit(null, pending);
                });
    }

    private void admit(MetricBatch batch, Pending pending) {
        if (batch == null) {
            pending.done = true;
            sendAcks();
            return;
        }
        Accepted accepted = new Accepted(batch, pending);
        if (!held.isEmpty() || !fits(batch)) {
            held.add(accepted);
            meters.observeHeld(held.size());
            return;
        }
        enqueue(accepted);
    }

    private boolean fits(MetricBatch batch) {
        return queuedSamples() + batch.samples().size() <= settings.maxPendingSamples();
    }

    private void enqueue(Accepted accepted) {
        buffer.add(accepted);
        bufferedSamples += accepted.batch().samples().size();
        meters.observeDepth(queuedSamples());
        if (bufferedSamples >= settings.flushSamples()) {
            flush();
        }
    }

    private void flush() {
        if (writers >= settings.writers() || buffer.isEmpty()) {
            return;
        }
        List<Accepted> taken = buffer;
        int samples = bufferedSamples;
        buffer = new ArrayList<>();
        bufferedSamples = 0;
        writingSamples += samples;
        writers++;
        write(taken, samples);
    }

    private void write(List<Accepted> taken, int samples) {
        long started = System.nanoTime();
        writer.write(taken.stream().map(Accepted::batch).toList()).onComplete(ar -> {
            if (ar.failed()) {
                // not acknowledged, so nothing is lost: the same write is tried again while the queue stays full
                LOG.error("writing {} metric batches ({} samples) failed; retrying in 1 s", taken.size(), samples,
                        ar.cause());
                meters.writeFailed();
                vertx.setTimer(1000, id -> write(taken, samples));
                return;
            }
            meters.written(ar.result(), System.nanoTime() - started);
            writers--;
            writingSamples -= samples;
            taken.forEach(a -> a.pending().done = true);
            sendAcks();
            admitHeld();
            if (bufferedSamples >= settings.flushSamples()) {
                flush();
            }
        });
    }

    private void admitHeld() {
        while (!held.isEmpty() && fits(held.peek().batch())) {
            enqueue(held.poll());
        }
    }

    private void sendAcks() {
        while (!acks.isEmpty() && acks.peek().done) {
            acks.poll().ack.send();
        }
    }
}

package io.edgefleet.kit.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PUBACK of one inbound QoS 1 message. {@link MqttEventClient} sends it once every matching handler has returned,
 * unless a handler took it over with {@link #defer()}: then the handler sends it with {@link #send()} when the message
 * is really done with (e.g. stored). Until the PUBACK, the broker keeps the message for the persistent session and
 * counts it against the client's in-flight window, so a consumer that defers acks also slows the broker's delivery.
 *
 * <p>Thread-safe; {@link #send()} is idempotent. QoS 0 messages carry an acknowledgement that does nothing.
 */
public final class Acknowledgement {

    private final Runnable puback;
    private final AtomicBoolean deferred = new AtomicBoolean();
    private final AtomicBoolean sent = new AtomicBoolean();

    Acknowledgement(Runnable puback) {
        this.puback = puback;
    }

    /** An acknowledgement with nothing to send (QoS 0, or a message made in a test). */
    public static Acknowledgement none() {
        return new Acknowledgement(() -> {
        });
    }

    /** Takes the PUBACK over: the client will not send it after the handler returns; call {@link #send()} later. */
    public Acknowledgement defer() {
        deferred.set(true);
        return this;
    }

    /** Whether a handler took the PUBACK over. */
    public boolean isDeferred() {
        return deferred.get();
    }

    /** Sends the PUBACK (once; later calls do nothing). A connection that has gone meanwhile is ignored. */
    public void send() {
        if (sent.compareAndSet(false, true)) {
            puback.run();
        }
    }
}

package io.edgefleet.kit.mqtt;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * A message delivered to a subscription.
 *
 * @param retained whether the broker delivered it from its retained store
 * @param qos      0, 1 or 2
 * @param ack      its PUBACK: sent after the handlers returned unless a handler {@link Acknowledgement#defer() defers} it
 */
public record InboundMessage(String topic, Buffer payload, boolean retained, int qos, Acknowledgement ack) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(ack, "ack");
    }

    /** A message without an acknowledgement to send (tests, QoS 0). */
    public InboundMessage(String topic, Buffer payload, boolean retained, int qos) {
        this(topic, payload, retained, qos, Acknowledgement.none());
    }
}

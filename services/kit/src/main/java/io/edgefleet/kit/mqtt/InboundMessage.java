package io.edgefleet.kit.mqtt;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * A message delivered to a subscription.
 *
 * @param retained whether the broker delivered it from its retained store
 * @param qos      0, 1 or 2
 */
public record InboundMessage(String topic, Buffer payload, boolean retained, int qos) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}

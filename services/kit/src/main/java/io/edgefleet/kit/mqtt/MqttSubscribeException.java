package io.edgefleet.kit.mqtt;

/** The broker refused a subscription (SUBACK return code 0x80: not authorised or invalid filter). */
public final class MqttSubscribeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MqttSubscribeException(String message) {
        super(message);
    }
}

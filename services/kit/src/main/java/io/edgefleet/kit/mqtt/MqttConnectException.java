package io.edgefleet.kit.mqtt;

/**
 * The broker could not be reached or refused the connection (wrong credentials, client id not allowed...).
 * The message names the broker address, the username and the broker's return code, never the password.
 */
public final class MqttConnectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MqttConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}

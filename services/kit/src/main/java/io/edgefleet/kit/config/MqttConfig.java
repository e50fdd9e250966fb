package io.edgefleet.kit.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * How a service connects to the broker as service account {@code svc:<name>}.
 *
 * @param clientId    MQTT client id; the session is persistent (clean session off), so it must be stable
 *                    per replica and unique across replicas
 * @param maxInflight how many QoS 1 publishes may await their PUBACK at once
 */
public record MqttConfig(String host, int port, String username, String password, String clientId, int maxInflight) {

    public static final String HOST = "EDGEFLEET_MQTT_HOST";
    public static final String PORT = "EDGEFLEET_MQTT_PORT";
    public static final String USERNAME = "EDGEFLEET_MQTT_USERNAME";
    public static final String PASSWORD = "EDGEFLEET_MQTT_PASSWORD";
    public static final String CLIENT_ID = "EDGEFLEET_MQTT_CLIENT_ID";
    public static final String MAX_INFLIGHT = "EDGEFLEET_MQTT_MAX_INFLIGHT";

    public MqttConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientId, "clientId");
        if (port < 1 || port > 65535) {
            throw new ConfigException("MQTT port must be between 1 and 65535, got " + port);
        }
        if (clientId.isBlank()) {
            throw new ConfigException("MQTT client id must not be blank");
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new ConfigException("MQTT max in-flight must be between 1 and 65535, got " + maxInflight);
        }
    }

    public static MqttConfig fromEnv(Env env, String serviceName) {
        Objects.requireNonNull(serviceName, "serviceName");
        return new MqttConfig(
                env.string(HOST, "localhost"),
                env.port(PORT, 1883),
                env.string(USERNAME, "svc:" + serviceName),
                env.required(PASSWORD),
                env.string(CLIENT_ID, serviceName + "-" + hostname(env)),
                env.integer(MAX_INFLIGHT, 100, 1, 65535));
    }

    /** The same account and broker under another client id (a second connection of the same replica). */
    public MqttConfig withClientId(String otherClientId) {
        return new MqttConfig(host, port, username, password, otherClientId, maxInflight);
    }

    private static String hostname(Env env) {
        return env.optional("HOSTNAME").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    @Override
    public String toString() {
        return "MqttConfig[host=" + host + ", port=" + port + ", username=" + username + ", password=<hidden>, clientId="
                + clientId + ", maxInflight=" + maxInflight + "]";
    }
}

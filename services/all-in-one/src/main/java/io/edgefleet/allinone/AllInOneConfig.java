package io.edgefleet.allinone;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the all-in-one process. Everything it starts keeps its data under {@code home}, so a
 * restart finds the fleet as it was.
 *
 * @param home data directory (PostgreSQL cluster, broker persistence, generated admin token)
 * @param mqttPort the broker's MQTT listener
 * @param gatewayPort the REST gateway (and, later, the console)
 * @param registryPort the registry's internal HTTP port (the broker's auth API lives there)
 * @param postgresPort the embedded PostgreSQL; 0 picks a free port at each start
 * @param adminToken the bootstrap admin token; when unset one is generated once and kept in home
 * @param publicBrokerUrl the broker URL printed into agents' run commands
 * @param operatorAccounts extra broker service accounts ({@code name:secret,...}) for an operator's own
 *     MQTT tools, e.g. to publish desired state before the deployment service exists; empty for none
 */
public record AllInOneConfig(
        Path home, int mqttPort, int gatewayPort, int registryPort, int postgresPort, String adminToken,
        String publicBrokerUrl, String operatorAccounts) {

    public static final String HOME = "EDGEFLEET_HOME";
    public static final String MQTT_PORT = "EDGEFLEET_MQTT_PORT";
    public static final String GATEWAY_PORT = "EDGEFLEET_GATEWAY_PORT";
    public static final String REGISTRY_PORT = "EDGEFLEET_REGISTRY_PORT";
    public static final String POSTGRES_PORT = "EDGEFLEET_POSTGRES_PORT";
    public static final String ADMIN_TOKEN = "EDGEFLEET_ADMIN_TOKEN";
    public static final String PUBLIC_BROKER_URL = "EDGEFLEET_PUBLIC_BROKER_URL";
    public static final String OPERATOR_MQTT_ACCOUNTS = "EDGEFLEET_OPERATOR_MQTT_ACCOUNTS";

    public static AllInOneConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        int mqttPort = env.port(MQTT_PORT, 1883);
        String adminToken = env.string(ADMIN_TOKEN, "");
        if (!adminToken.isEmpty() && adminToken.length() < 16) {
            throw new ConfigException(ADMIN_TOKEN + " must be at least 16 characters long");
        }
        return new AllInOneConfig(
                Path.of(env.string(HOME, ".edgefleet")).toAbsolutePath(),
                mqttPort,
                env.port(GATEWAY_PORT, 8080),
                env.port(REGISTRY_PORT, 8081),
                env.integer(POSTGRES_PORT, 0, 0, 65535),
                adminToken,
                env.string(PUBLIC_BROKER_URL, "tcp://localhost:" + mqttPort),
                env.string(OPERATOR_MQTT_ACCOUNTS, ""));
    }

    @Override
    public String toString() {
        return "AllInOneConfig[home=" + home + ", mqttPort=" + mqttPort + ", gatewayPort=" + gatewayPort
                + ", registryPort=" + registryPort + ", postgresPort=" + postgresPort + ", publicBrokerUrl="
                + publicBrokerUrl + "]";
    }
}

package io.edgefleet.allinone;

import io.edgefleet.gateway.GatewayConfig;
import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the all-in-one process. Everything it starts keeps its data under {@code home}, so a
 * restart finds the fleet as it was.
 *
 * @param home data directory (PostgreSQL cluster, broker persistence, generated secrets)
 * @param mqttPort the broker's MQTT listener
 * @param gatewayPort the REST gateway (and, later, the console)
 * @param registryPort the registry's internal HTTP port (the broker's auth API lives there)
 * @param tenancyPort the tenancy service's internal HTTP port
 * @param deploymentPort the deployment service's internal HTTP port
 * @param telemetryPort the telemetry service's internal HTTP port
 * @param postgresPort the embedded PostgreSQL; 0 picks a free port at each start
 * @param adminEmail the bootstrap platform admin's email
 * @param adminPassword its password; when unset one is generated once and kept in {@code home/admin-password}
 * @param publicBrokerUrl the broker URL printed into agents' run commands
 * @param publicGatewayUrl the gateway URL edge machines download the agent from, printed into the install command
 * @param agentJar the agent jar the gateway serves instead of the one this jar carries; empty for the bundled one
 * @param operatorAccounts extra broker service accounts ({@code name:secret,...}) for an operator's own
 *     MQTT tools, e.g. to publish desired state before the deployment service exists; empty for none
 * @param requestsPerMinute the gateway's request budget per caller
 * @param openRequestsPerMinute the gateway's request budget per source address on login and refresh
 * @param tuning the services' own tuning variables found in the environment ({@link #TUNING_PREFIXES}, e.g.
 *     {@code EDGEFLEET_ALERT_EVALUATION_MILLIS}), handed to every service unchanged
 */
public record AllInOneConfig(
        Path home, int mqttPort, int gatewayPort, int registryPort, int tenancyPort, int deploymentPort,
        int telemetryPort, int postgresPort,
        String adminEmail, String adminPassword,
        String publicBrokerUrl, String publicGatewayUrl, Optional<Path> agentJar, String operatorAccounts, int requestsPerMinute, int openRequestsPerMinute,
        Map<String, String> tuning) {

    /** Variables with these prefixes tune a service and pass through to it. */
    public static final java.util.List<String> TUNING_PREFIXES = java.util.List.of("EDGEFLEET_METRICS_", "EDGEFLEET_LOGS_",
            "EDGEFLEET_ALERT_", "EDGEFLEET_WEBHOOK_", "EDGEFLEET_EVENT_LOG_", "EDGEFLEET_ROLLOUT_", "EDGEFLEET_COMMAND_",
            "EDGEFLEET_CONSOLE_", "EDGEFLEET_AUTH_", "EDGEFLEET_DB_POOL_", "EDGEFLEET_PRESENCE_",
            "EDGEFLEET_BROKER_MAX_QUEUED_MESSAGES");


    public static final String HOME = "EDGEFLEET_HOME";
    public static final String MQTT_PORT = "EDGEFLEET_MQTT_PORT";
    public static final String GATEWAY_PORT = "EDGEFLEET_GATEWAY_PORT";
    public static final String REGISTRY_PORT = "EDGEFLEET_REGISTRY_PORT";
    public static final String POSTGRES_PORT = "EDGEFLEET_POSTGRES_PORT";
    public static final String TENANCY_PORT = "EDGEFLEET_TENANCY_PORT";
    public static final String DEPLOYMENT_PORT = "EDGEFLEET_DEPLOYMENT_PORT";
    public static final String TELEMETRY_PORT = "EDGEFLEET_TELEMETRY_PORT";
    public static final String ADMIN_EMAIL = "EDGEFLEET_ADMIN_EMAIL";
    public static final String ADMIN_PASSWORD = "EDGEFLEET_ADMIN_PASSWORD";
    public static final String DEFAULT_ADMIN_EMAIL = "admin@edgefleet.local";
    public static final String PUBLIC_BROKER_URL = "EDGEFLEET_PUBLIC_BROKER_URL";
    public static final String PUBLIC_GATEWAY_URL = "EDGEFLEET_PUBLIC_GATEWAY_URL";
    public static final String OPERATOR_MQTT_ACCOUNTS = "EDGEFLEET_OPERATOR_MQTT_ACCOUNTS";

    public static AllInOneConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        int mqttPort = env.port(MQTT_PORT, 1883);
        int gatewayPort = env.port(GATEWAY_PORT, 8080);
        String adminEmail = env.string(ADMIN_EMAIL, DEFAULT_ADMIN_EMAIL);
        if (!adminEmail.matches("^[^@\\s]+@[^@\\s]+$")) {
            throw new ConfigException(ADMIN_EMAIL + " must be an email address, got '" + adminEmail + "'");
        }
        return new AllInOneConfig(
                Path.of(env.string(HOME, ".edgefleet")).toAbsolutePath(),
                mqttPort,
                gatewayPort,
                env.port(REGISTRY_PORT, 8081),
                env.port(TENANCY_PORT, 8082),
                env.port(DEPLOYMENT_PORT, 8083),
                env.port(TELEMETRY_PORT, 8084),
                env.integer(POSTGRES_PORT, 0, 0, 65535),
                adminEmail,
                env.string(ADMIN_PASSWORD, ""),
                env.string(PUBLIC_BROKER_URL, "tcp://localhost:" + mqttPort),
                env.string(PUBLIC_GATEWAY_URL, "http://localhost:" + gatewayPort),
                env.optional(GatewayConfig.AGENT_JAR).map(Path::of),
                env.string(OPERATOR_MQTT_ACCOUNTS, ""),
                env.integer(GatewayConfig.RATE_LIMIT_PER_MINUTE, 600, 1, 1_000_000),
                env.integer(GatewayConfig.OPEN_RATE_LIMIT_PER_MINUTE, 60, 1, 1_000_000),
                tuning(variables));
    }

    private static Map<String, String> tuning(Map<String, String> variables) {
        Map<String, String> tuning = new java.util.TreeMap<>();
        variables.forEach((name, value) -> {
            if (TUNING_PREFIXES.stream().anyMatch(name::startsWith)) {
                tuning.put(name, value);
            }
        });
        return Map.copyOf(tuning);
    }

    @Override
    public String toString() {
        return "AllInOneConfig[home=" + home + ", mqttPort=" + mqttPort + ", gatewayPort=" + gatewayPort
                + ", registryPort=" + registryPort + ", tenancyPort=" + tenancyPort + ", deploymentPort=" + deploymentPort + ", telemetryPort=" + telemetryPort + ", postgresPort=" + postgresPort + ", publicBrokerUrl="
                + publicBrokerUrl + ", publicGatewayUrl=" + publicGatewayUrl + ", agentJar=" + agentJar + ", adminEmail=" + adminEmail + ", adminPassword=***]";
    }
}

package io.edgefleet.agent.config;

import io.edgefleet.agent.reconcile.ReconcileSettings;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's settings, validated. Sources in priority order: command-line flags, environment variables,
 * the Java properties file named by {@code --config}, defaults. {@link Setting} lists every name.
 *
 * @param broker                   the MQTT broker
 * @param tenant                   the tenant the endpoint belongs to
 * @param endpointId               the endpoint id; also the MQTT client id and username
 * @param secret                   the endpoint secret (the MQTT password); never printed
 * @param dataDir                  absolute directory for local state
 * @param heartbeatIntervalSeconds seconds between heartbeats
 * @param stateIntervalSeconds     seconds between checks whether the facts changed
 * @param truststore               truststore for an {@code ssl://} broker, empty for the JVM's trusted CAs
 * @param truststorePassword       password of the truststore, empty when none; never printed
 * @param dockerHost               the Docker engine's address
 * @param reconcile                how the reconciler paces itself
 * @param telemetry                how metrics and logs are collected and shipped
 */
public record AgentConfig(
        BrokerAddress broker,
        String tenant,
        String endpointId,
        String secret,
        Path dataDir,
        int heartbeatIntervalSeconds,
        int stateIntervalSeconds,
        Optional<Path> truststore,
        String truststorePassword,
        URI dockerHost,
        ReconcileSettings reconcile,
        TelemetrySettings telemetry) {

    public AgentConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(reconcile, "reconcile");
        Objects.requireNonNull(telemetry, "telemetry");
    }

    /** Settings with the reconciler's and telemetry's defaults. */
    public AgentConfig(BrokerAddress broker, String tenant, String endpointId, String secret, Path dataDir,
                       int heartbeatIntervalSeconds, int stateIntervalSeconds, Optional<Path> truststore,
                       String truststorePassword, URI dockerHost) {
        this(broker, tenant, endpointId, secret, dataDir, heartbeatIntervalSeconds, stateIntervalSeconds, truststore,
                truststorePassword, dockerHost, ReconcileSettings.DEFAULTS, TelemetrySettings.DEFAULTS);
    }

    /** The same settings with other reconciler settings. */
    public AgentConfig withReconcile(ReconcileSettings settings) {
        return new AgentConfig(broker, tenant, endpointId, secret, dataDir, heartbeatIntervalSeconds,
                stateIntervalSeconds, truststore, truststorePassword, dockerHost, settings, telemetry);
    }

    /** The same settings with other telemetry settings. */
    public AgentConfig withTelemetry(TelemetrySettings settings) {
        return new AgentConfig(broker, tenant, endpointId, secret, dataDir, heartbeatIntervalSeconds,
                stateIntervalSeconds, truststore, truststorePassword, dockerHost, reconcile, settings);
    }

    /**
     * Reads the settings from the command line, the environment and the optional {@code --config} file.
     *
     * @param args the command-line arguments
     * @param env  the environment, usually {@link System#getenv()}
     * @return the valid config, a help request, or every problem found, one line each
     */
    public static ConfigOutcome parse(List<String> args, Map<String, String> env) {
        return new AgentConfigParser(env).parse(args);
    }

    /** The usage text that {@code --help} prints. */
    public static String usage() {
        return AgentConfigParser.usage();
    }

    @Override
    public String toString() {
        return "AgentConfig[broker=" + broker + ", tenant=" + tenant + ", endpointId=" + endpointId
                + ", secret=***, dataDir=" + dataDir + ", heartbeatIntervalSeconds=" + heartbeatIntervalSeconds
                + ", stateIntervalSeconds=" + stateIntervalSeconds + ", truststore=" + truststore
                + ", truststorePassword=***, dockerHost=" + dockerHost + ", reconcile=" + reconcile
                + ", telemetry=" + telemetry + "]";
    }
}

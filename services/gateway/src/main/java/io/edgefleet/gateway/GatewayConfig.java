package io.edgefleet.gateway;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the REST gateway.
 *
 * @param http where the gateway listens (default port 8080)
 * @param mqtt the broker connection: tenant states come in, audit events go out
 * @param internalToken the token the gateway presents to the services it forwards to, and that {@code /metrics} needs
 * @param registryUrl base URL of the registry service's HTTP port
 * @param tenancyUrl base URL of the tenancy service's HTTP port (login, users, tenants, the JWT key set)
 * @param deploymentUrl base URL of the deployment service's HTTP port (apps)
 * @param telemetryUrl base URL of the telemetry service's HTTP port (metrics, logs, alerts, event subscriptions)
 * @param upstreamTimeoutMillis how long a forwarded request may take before the caller gets 502
 * @param requestsPerMinute requests one caller (user or API token) may make per minute before 429
 * @param openRequestsPerMinute requests per minute per source address on the open routes (login, refresh)
 * @param consoleDir a folder to serve the console from instead of the jar (when working on the console: an edit
 *                   shows on the next reload); empty in production
 * @param agentJar the agent's fat jar, served at {@code /agent/edgefleet-agent.jar}; empty when this gateway does not
 *                 serve it (the route then answers 404 saying so)
 */
public record GatewayConfig(
        HttpConfig http, MqttConfig mqtt, String internalToken, URI registryUrl, URI tenancyUrl, URI deploymentUrl, URI telemetryUrl,
        int upstreamTimeoutMillis, int requestsPerMinute, int openRequestsPerMinute, Optional<Path> consoleDir,
        Optional<Path> agentJar) {

    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";
    public static final String REGISTRY_URL = "EDGEFLEET_REGISTRY_URL";
    public static final String TENANCY_URL = "EDGEFLEET_TENANCY_URL";
    public static final String DEPLOYMENT_URL = "EDGEFLEET_DEPLOYMENT_URL";
    public static final String TELEMETRY_URL = "EDGEFLEET_TELEMETRY_URL";
    public static final String UPSTREAM_TIMEOUT_MILLIS = "EDGEFLEET_UPSTREAM_TIMEOUT_MILLIS";
    public static final String RATE_LIMIT_PER_MINUTE = "EDGEFLEET_RATE_LIMIT_PER_MINUTE";
    public static final String OPEN_RATE_LIMIT_PER_MINUTE = "EDGEFLEET_OPEN_RATE_LIMIT_PER_MINUTE";
    public static final String CONSOLE_DIR = "EDGEFLEET_CONSOLE_DIR";
    public static final String AGENT_JAR = "EDGEFLEET_AGENT_JAR";
    static final int MIN_TOKEN_LENGTH = 16;

    public static GatewayConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        return new GatewayConfig(
                HttpConfig.fromEnv(env, 8080),
                MqttConfig.fromEnv(env, "gateway"),
                token(env, INTERNAL_TOKEN),
                httpUrl(env, REGISTRY_URL, "http://localhost:8081"),
                httpUrl(env, TENANCY_URL, "http://localhost:8082"),
                httpUrl(env, DEPLOYMENT_URL, "http://localhost:8083"),
                httpUrl(env, TELEMETRY_URL, "http://localhost:8084"),
                env.integer(UPSTREAM_TIMEOUT_MILLIS, 10_000, 100, 300_000),
                env.integer(RATE_LIMIT_PER_MINUTE, 600, 1, 1_000_000),
                env.integer(OPEN_RATE_LIMIT_PER_MINUTE, 60, 1, 1_000_000),
                env.optional(CONSOLE_DIR).map(GatewayConfig::consoleDir),
                env.optional(AGENT_JAR).map(GatewayConfig::agentJar));
    }

    private static Path consoleDir(String value) {
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            throw new ConfigException(CONSOLE_DIR + " must name a folder holding the console's index.html; " + dir
                    + " does not");
        }
        return dir;
    }

    private static Path agentJar(String value) {
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new ConfigException(AGENT_JAR + " must name the agent's jar file (edgefleet-agent.jar); " + jar
                    + " is not a readable file");
        }
        return jar;
    }

    private static String token(Env env, String name) {
        String value = env.required(name);
        if (value.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(name + " must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        return value;
    }

    private static URI httpUrl(Env env, String name, String def) {
        String value = env.string(name, def);
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an http(s) URL such as " + def + ", got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig[http=" + http + ", mqtt=" + mqtt + ", registryUrl=" + registryUrl + ", tenancyUrl="
                + tenancyUrl + ", deploymentUrl=" + deploymentUrl + ", telemetryUrl=" + telemetryUrl + ", upstreamTimeoutMillis=" + upstreamTimeoutMillis + ", requestsPerMinute="
                + requestsPerMinute + ", openRequestsPerMinute=" + openRequestsPerMinute + ", consoleDir=" + consoleDir
                + ", agentJar=" + agentJar + ", internalToken=***]";
    }
}

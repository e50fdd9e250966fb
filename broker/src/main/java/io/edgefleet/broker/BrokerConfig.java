package io.edgefleet.broker;

import io.edgefleet.broker.auth.ServiceAccounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the broker needs, read from the environment.
 *
 * @param bindAddress     address the MQTT listeners bind to
 * @param mqttPort        plain MQTT port
 * @param tls             the MQTT-over-TLS listener, present only when a keystore is configured
 * @param dataDir         folder for the broker's persistent data (sessions, queued and retained messages)
 * @param registryUrl     base URL of the registry, whose auth API checks agent credentials
 * @param internalToken   bearer token presented to the registry's internal API
 * @param serviceAccounts service accounts checked locally by the broker
 * @param authCacheTtl    how long the registry's allow/deny answers are reused; zero disables the cache
 * @param authTimeout     how long a connect waits for the registry before it is refused
 * @param serviceSessionExpiry how long the broker keeps a disconnected service's session (its queued messages); the
 *                        services speak MQTT 3.1.1, whose persistent sessions would otherwise never expire
 * @param maxQueuedMessages how many messages the broker queues per client (offline, or beyond its in-flight window)
 *                        before it discards new ones ({@value #MAX_QUEUED_MESSAGES}, default 1000)
 */
public record BrokerConfig(
        String bindAddress,
        int mqttPort,
        Optional<TlsListener> tls,
        Path dataDir,
        URI registryUrl,
        String internalToken,
        ServiceAccounts serviceAccounts,
        Duration authCacheTtl,
        Duration authTimeout,
        Duration serviceSessionExpiry,
        int maxQueuedMessages) {

    public static final String MQTT_BIND = "EDGEFLEET_MQTT_BIND";
    public static final String MQTT_PORT = "EDGEFLEET_MQTT_PORT";
    public static final String MQTT_TLS_PORT = "EDGEFLEET_MQTT_TLS_PORT";
    public static final String MQTT_TLS_KEYSTORE = "EDGEFLEET_MQTT_TLS_KEYSTORE";
    public static final String MQTT_TLS_KEYSTORE_PASSWORD = "EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD";
    public static final String MQTT_TLS_KEY_PASSWORD = "EDGEFLEET_MQTT_TLS_KEY_PASSWORD";
    public static final String BROKER_DATA_DIR = "EDGEFLEET_BROKER_DATA_DIR";
    public static final String REGISTRY_URL = "EDGEFLEET_REGISTRY_URL";
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";
    public static final String SERVICE_ACCOUNTS = "EDGEFLEET_SERVICE_ACCOUNTS";
    public static final String AUTH_CACHE_SECONDS = "EDGEFLEET_AUTH_CACHE_SECONDS";
    public static final String AUTH_TIMEOUT_MILLIS = "EDGEFLEET_AUTH_TIMEOUT_MILLIS";
    public static final String SERVICE_SESSION_EXPIRY_SECONDS = "EDGEFLEET_SERVICE_SESSION_EXPIRY_SECONDS";
    public static final String MAX_QUEUED_MESSAGES = "EDGEFLEET_BROKER_MAX_QUEUED_MESSAGES";

    static final String DEFAULT_BIND = "0.0.0.0";
    static final int DEFAULT_MQTT_PORT = 1883;
    static final int DEFAULT_TLS_PORT = 8883;
    static final String DEFAULT_DATA_DIR = "./.edgefleet/broker";
    static final int DEFAULT_AUTH_CACHE_SECONDS = 10;
    static final int DEFAULT_AUTH_TIMEOUT_MILLIS = 2000;
    private static final int MAX_AUTH_CACHE_SECONDS = 3600;
    private static final int MAX_AUTH_TIMEOUT_MILLIS = 60_000;
    /** A day, like the agents' own session expiry: a service down for longer resynchronises from snapshots. */
    static final int DEFAULT_SERVICE_SESSION_EXPIRY_SECONDS = 86_400;
    private static final int MAX_SERVICE_SESSION_EXPIRY_SECONDS = 30 * 86_400;

    public BrokerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(internalToken, "internalToken");
        Objects.requireNonNull(serviceAccounts, "serviceAccounts");
        Objects.requireNonNull(authCacheTtl, "authCacheTtl");
        Objects.requireNonNull(authTimeout, "authTimeout");
        Objects.requireNonNull(serviceSessionExpiry, "serviceSessionExpiry");
    }

    /**
     * Reads the configuration from environment variables.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return the configuration
     * @throws IllegalArgumentException naming the variable that is missing or invalid
     */
    public static BrokerConfig fromEnv(Map<String, String> env) {
        String bind = optional(env, MQTT_BIND).orElse(DEFAULT_BIND);
        int mqttPort = port(env, MQTT_PORT, DEFAULT_MQTT_PORT);
        Optional<TlsListener> tls = tls(env, mqttPort);
        Path dataDir = path(BROKER_DATA_DIR, optional(env, BROKER_DATA_DIR).orElse(DEFAULT_DATA_DIR));
        URI registryUrl = httpUrl(env, REGISTRY_URL);
        String token = required(env, INTERNAL_TOKEN);
        ServiceAccounts accounts = ServiceAccounts.parse(SERVICE_ACCOUNTS, required(env, SERVICE_ACCOUNTS));
        int cacheSeconds = intInRange(env, AUTH_CACHE_SECONDS, DEFAULT_AUTH_CACHE_SECONDS, 0, MAX_AUTH_CACHE_SECONDS);
        int timeoutMillis = intInRange(env, AUTH_TIMEOUT_MILLIS, DEFAULT_AUTH_TIMEOUT_MILLIS, 1, MAX_AUTH_TIMEOUT_MILLIS);
        int sessionSeconds = intInRange(env, SERVICE_SESSION_EXPIRY_SECONDS, DEFAULT_SERVICE_SESSION_EXPIRY_SECONDS,
                1, MAX_SERVICE_SESSION_EXPIRY_SECONDS);
        int maxQueued = intInRange(env, MAX_QUEUED_MESSAGES, 1000, 1, 1_000_000);
        return new BrokerConfig(bind, mqttPort, tls, dataDir, registryUrl, token, accounts,
                Duration.ofSeconds(cacheSeconds), Duration.ofMillis(timeoutMillis), Duration.ofSeconds(sessionSeconds),
                maxQueued);
    }

    private static Optional<TlsListener> tls(Map<String, String> env, int mqttPort) {
        Optional<String> keystore = optional(env, MQTT_TLS_KEYSTORE);
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        Path path = path(MQTT_TLS_KEYSTORE, keystore.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(MQTT_TLS_KEYSTORE + " must name a readable keystore file, got '" + path + "'");
        }
        int tlsPort = port(env, MQTT_TLS_PORT, DEFAULT_TLS_PORT);
        if (tlsPort == mqttPort) {
            throw new IllegalArgumentException(MQTT_TLS_PORT + " must differ from " + MQTT_PORT + ", both are " + tlsPort);
        }
        String storePassword = optional(env, MQTT_TLS_KEYSTORE_PASSWORD).orElseThrow(() -> new IllegalArgumentException(
                MQTT_TLS_KEYSTORE_PASSWORD + " is required when " + MQTT_TLS_KEYSTORE + " is set"));
        String keyPassword = optional(env, MQTT_TLS_KEY_PASSWORD).orElse(storePassword);
        rejectPlaceholder(MQTT_TLS_KEYSTORE_PASSWORD, storePassword);
        rejectPlaceholder(MQTT_TLS_KEY_PASSWORD, keyPassword);
        return Optional.of(new TlsListener(tlsPort, path, storePassword, keyPassword));
    }

    /** HiveMQ expands {@code ${...}} in its config file, so such a password would not reach the keystore intact. */
    private static void rejectPlaceholder(String name, String value) {
        if (value.contains("${")) {
            throw new IllegalArgumentException(name + " must not contain '${'");
        }
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        Optional<String> raw = optional(env, name);
        if (raw.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(raw.get());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException(name + " must be a port number 1-65535, got '" + raw.get() + "'");
    }

    private static int intInRange(Map<String, String> env, String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException(name + " must be a whole number " + min + "-" + max + ", got '" + raw.get() + "'");
    }

    private static Path path(String name, String raw) {
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(name + " must be a file system path, got '" + raw + "'", e);
        }
    }

    private static URI httpUrl(Map<String, String> env, String name) {
        String raw = required(env, name);
        try {
            URI uri = new URI(raw);
            if (uri.getRawUserInfo() != null) {
                // the value itself is not repeated: it holds a credential
                throw new IllegalArgumentException(name + " must not contain credentials (user:password@)");
            }
            String scheme = uri.getScheme();
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException(name + " must be an http(s) URL such as http://localhost:8081, got '" + raw + "'");
    }

    /** Secrets (internal token, service account secrets, keystore passwords) never appear here. */
    @Override
    public String toString() {
        return "BrokerConfig[bindAddress=" + bindAddress + ", mqttPort=" + mqttPort + ", tls=" + tls
                + ", dataDir=" + dataDir + ", registryUrl=" + registryUrl + ", internalToken=***"
                + ", serviceAccounts=" + serviceAccounts + ", authCacheTtl=" + authCacheTtl
                + ", authTimeout=" + authTimeout + ", serviceSessionExpiry=" + serviceSessionExpiry
                + ", maxQueuedMessages=" + maxQueuedMessages + "]";
    }
}

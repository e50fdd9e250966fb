package io.edgefleet.agent.config;

/**
 * One agent setting and the three names it goes by: the command-line flag, the environment variable and
 * the key in a {@code --config} properties file (the flag without its leading dashes).
 */
public enum Setting {
    BROKER_URL("broker-url", "EDGEFLEET_BROKER_URL", null, false,
            "MQTT broker, tcp://host:port or ssl://host:port (required)"),
    TENANT("tenant", "EDGEFLEET_TENANT", null, false,
            "tenant id, ^[a-z][a-z0-9-]{1,39}$ (required)"),
    ENDPOINT_ID("endpoint-id", "EDGEFLEET_ENDPOINT_ID", null, false,
            "endpoint id, ^ep-[a-z2-7]{12}$ (required)"),
    SECRET("secret", "EDGEFLEET_ENDPOINT_SECRET", null, true,
            "endpoint secret shown at enrollment (required)"),
    DATA_DIR("data-dir", "EDGEFLEET_DATA_DIR", "./edgefleet-agent-data", false,
            "directory for the agent's local state"),
    HEARTBEAT_INTERVAL("heartbeat-interval", "EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS", "10", false,
            "seconds between heartbeats, 1-3600"),
    STATE_INTERVAL("state-interval", "EDGEFLEET_STATE_INTERVAL_SECONDS", "60", false,
            "seconds between checks whether facts changed, 1-86400"),
    TRUSTSTORE("truststore", "EDGEFLEET_TRUSTSTORE", null, false,
            "PKCS12/JKS truststore for ssl:// brokers (default: the JVM's trusted CAs)"),
    TRUSTSTORE_PASSWORD("truststore-password", "EDGEFLEET_TRUSTSTORE_PASSWORD", null, true,
            "password of the truststore"),
    DOCKER_HOST("docker-host", "DOCKER_HOST", "unix:///var/run/docker.sock", false,
            "Docker engine, unix:///path or tcp://host:port"),
    RECONCILE_INTERVAL("reconcile-interval", "EDGEFLEET_RECONCILE_INTERVAL_SECONDS", "30", false,
            "seconds between full reconcile passes (events trigger passes too), 1-86400"),
    WATCH_WINDOW("watch-window", "EDGEFLEET_WATCH_WINDOW_SECONDS", "10", false,
            "seconds a replacing container must keep running before the old one is removed, 1-600"),
    MIN_FREE_IMAGE_SPACE("min-free-image-space", "EDGEFLEET_MIN_FREE_IMAGE_SPACE_MIB", "1024", false,
            "MiB that must be free on Docker's data root before the agent pulls, 0-1048576"),
    CONTAINER_NAME_PREFIX("container-name-prefix", "EDGEFLEET_CONTAINER_NAME_PREFIX", "", false,
            "put before each app's name to name its container, so agents can share a Docker engine (default none)"),
    METRICS_INTERVAL("metrics-interval", "EDGEFLEET_METRICS_INTERVAL_SECONDS", "15", false,
            "seconds between metric collections (one batch each), 1-3600"),
    METRICS_BUFFER("metrics-buffer", "EDGEFLEET_METRICS_BUFFER_BYTES", "16777216", false,
            "bytes of metric batches kept on disk while offline (oldest dropped first), 1024-2147483647"),
    LOG_BUFFER("log-buffer", "EDGEFLEET_LOG_BUFFER_BYTES", "16777216", false,
            "bytes of shipped log batches kept on disk while offline (oldest dropped first), 1024-2147483647"),
    STATS_CONCURRENCY("stats-concurrency", "EDGEFLEET_STATS_CONCURRENCY", "4", false,
            "containers whose Docker stats are read at once, 1-64"),
    PROC_PATH("proc-path", "EDGEFLEET_PROC_PATH", "/proc", false,
            "the machine's /proc (e.g. /host/proc when the agent runs in a container)");

    private final String key;
    private final String env;
    private final String defaultValue;
    private final boolean secret;
    private final String description;

    Setting(String key, String env, String defaultValue, boolean secret, String description) {
        this.key = key;
        this.env = env;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    /** The properties-file key, e.g. {@code heartbeat-interval}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --heartbeat-interval}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, e.g. {@code EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS}. */
    public String env() {
        return env;
    }

    /** The default as text, or {@code null} when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the value must never be printed, not even in an error message. */
    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** How error messages name the setting: {@code --flag (ENV)}. */
    public String label() {
        return flag() + " (" + env + ")";
    }

    static Setting byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return setting;
            }
        }
        return null;
    }
}

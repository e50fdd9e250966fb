package io.edgefleet.registry;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The registry's settings, all from the environment.
 *
 * @param http                  internal HTTP port ({@code EDGEFLEET_HTTP_HOST}, {@code EDGEFLEET_HTTP_PORT}, default 8081)
 * @param db                    PostgreSQL ({@code EDGEFLEET_DB_*})
 * @param mqtt                  broker connection as {@code svc:registry} ({@code EDGEFLEET_MQTT_*})
 * @param internalToken         bearer token of internal callers ({@value #INTERNAL_TOKEN}, required)
 * @param publicBrokerUrl       broker URL agents use, written into run commands ({@value #PUBLIC_BROKER_URL})
 * @param presenceFlushInterval heartbeat flush and lease sweep period ({@value #PRESENCE_FLUSH_MILLIS})
 * @param agentImage            agent image in the docker run command ({@value #AGENT_IMAGE})
 * @param publicGatewayUrl      the gateway's URL as edge machines reach it, in the install command
 *                              ({@value #PUBLIC_GATEWAY_URL}); without a trailing slash
 * @param presenceFlapWindow    how long after a connection loss an endpoint counts as flapping
 *                              ({@value #PRESENCE_FLAP_WINDOW_SECONDS}, default 600 s; 0 switches damping off)
 * @param presenceFlapGrace     how long a flapping endpoint's next connection loss waits before it shows
 *                              ({@value #PRESENCE_FLAP_GRACE_SECONDS}, default 20 s; 0 switches damping off)
 */
public record RegistryConfig(HttpConfig http, DbConfig db, MqttConfig mqtt, String internalToken,
                             String publicBrokerUrl, Duration presenceFlushInterval,
                             String agentImage, String publicGatewayUrl,
                             Duration presenceFlapWindow, Duration presenceFlapGrace) {

    public static final String SERVICE = "registry";
    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";
    public static final String PUBLIC_BROKER_URL = "EDGEFLEET_PUBLIC_BROKER_URL";
    public static final String PRESENCE_FLUSH_MILLIS = "EDGEFLEET_PRESENCE_FLUSH_MILLIS";
    public static final String AGENT_IMAGE = "EDGEFLEET_AGENT_IMAGE";
    public static final String PUBLIC_GATEWAY_URL = "EDGEFLEET_PUBLIC_GATEWAY_URL";
    public static final String PRESENCE_FLAP_WINDOW_SECONDS = "EDGEFLEET_PRESENCE_FLAP_WINDOW_SECONDS";
    public static final String PRESENCE_FLAP_GRACE_SECONDS = "EDGEFLEET_PRESENCE_FLAP_GRACE_SECONDS";

    // run commands are pasted into shells: only characters that need no quoting
    private static final Pattern BROKER_URL =
            Pattern.compile("^(tcp|ssl)://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])(:[0-9]{1,5})?$");
    private static final Pattern GATEWAY_URL =
            Pattern.compile("^https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$");
    private static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$");

    public RegistryConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(internalToken, "internalToken");
        Objects.requireNonNull(publicBrokerUrl, "publicBrokerUrl");
        Objects.requireNonNull(presenceFlushInterval, "presenceFlushInterval");
        Objects.requireNonNull(agentImage, "agentImage");
        Objects.requireNonNull(publicGatewayUrl, "publicGatewayUrl");
        Objects.requireNonNull(presenceFlapWindow, "presenceFlapWindow");
        Objects.requireNonNull(presenceFlapGrace, "presenceFlapGrace");
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static RegistryConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        return new RegistryConfig(
                HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT),
                DbConfig.fromEnv(env),
                MqttConfig.fromEnv(env, SERVICE),
                env.required(INTERNAL_TOKEN),
                matching(env, PUBLIC_BROKER_URL, "tcp://localhost:1883", BROKER_URL,
                        "a tcp:// or ssl:// URL with a host and an optional port"),
                Duration.ofMillis(env.integer(PRESENCE_FLUSH_MILLIS, 1000, 50, 60_000)),
                matching(env, AGENT_IMAGE, "edgefleet/agent:" + version(), IMAGE, "an image reference"),
                matching(env, PUBLIC_GATEWAY_URL, "http://localhost:8080", GATEWAY_URL,
                        "an http:// or https:// URL with a host, an optional port and path").replaceAll("/+$", ""),
                Duration.ofSeconds(env.integer(PRESENCE_FLAP_WINDOW_SECONDS, 600, 0, 86_400)),
                Duration.ofSeconds(env.integer(PRESENCE_FLAP_GRACE_SECONDS, 20, 0, 600)));
    }

    /** The registry's version, as built. */
    public static String version() {
        try (InputStream in = RegistryConfig.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the registry jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry's version", e);
        }
    }

    private static String matching(Env env, String name, String def, Pattern pattern, String what) {
        String value = env.string(name, def);
        if (!pattern.matcher(value).matches()) {
            throw new ConfigException(name + " must be " + what + ", got '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RegistryConfig[http=" + http + ", db=" + db + ", mqtt=" + mqtt + ", internalToken=<hidden>, publicBrokerUrl="
                + publicBrokerUrl + ", presenceFlushInterval=" + presenceFlushInterval
                + ", agentImage=" + agentImage + ", publicGatewayUrl=" + publicGatewayUrl
                + ", presenceFlapWindow=" + presenceFlapWindow + ", presenceFlapGrace=" + presenceFlapGrace + "]";
    }
}

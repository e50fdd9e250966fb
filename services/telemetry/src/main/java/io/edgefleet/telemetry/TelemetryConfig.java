package io.edgefleet.telemetry;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The telemetry service's settings, all from the environment. Each part of the service (metrics, logs, alerts,
 * event subscriptions) reads its own group of variables through its own settings record.
 *
 * @param http          internal HTTP port ({@code EDGEFLEET_HTTP_HOST}, {@code EDGEFLEET_HTTP_PORT}, default 8084)
 * @param db            PostgreSQL ({@code EDGEFLEET_DB_*}); the service owns the schema {@value #SERVICE}
 * @param mqtt          broker connection as {@code svc:telemetry} ({@code EDGEFLEET_MQTT_*})
 * @param internalToken bearer token of internal callers ({@value #INTERNAL_TOKEN}, required)
 * @param env           the variables, for the parts' own settings
 */
public record TelemetryConfig(HttpConfig http, DbConfig db, MqttConfig mqtt, String internalToken, Env env) {

    public static final String SERVICE = "telemetry";
    public static final int DEFAULT_HTTP_PORT = 8084;
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";

    public TelemetryConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(internalToken, "internalToken");
        Objects.requireNonNull(env, "env");
    }

    /**
     * Reads the settings.
     *
     * @throws io.edgefleet.kit.config.ConfigException naming the variable that is missing or malformed
     */
    public static TelemetryConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        return new TelemetryConfig(
                HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT),
                DbConfig.fromEnv(env),
                MqttConfig.fromEnv(env, SERVICE),
                env.required(INTERNAL_TOKEN),
                env);
    }

    @Override
    public String toString() {
        return "TelemetryConfig[http=" + http + ", db=" + db + ", mqtt=" + mqtt + ", internalToken=<hidden>]";
    }
}

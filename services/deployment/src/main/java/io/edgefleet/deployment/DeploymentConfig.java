package io.edgefleet.deployment;

import io.edgefleet.deployment.command.CommandSettings;
import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.crypto.SecretBox;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment service's settings, all from the environment.
 *
 * @param http          internal HTTP port ({@code EDGEFLEET_HTTP_HOST}, {@code EDGEFLEET_HTTP_PORT}, default 8083)
 * @param db            PostgreSQL ({@code EDGEFLEET_DB_*}); the service owns the schema {@value #SERVICE}
 * @param mqtt          broker connection as {@code svc:deployment} ({@code EDGEFLEET_MQTT_*})
 * @param internalToken bearer token of internal callers ({@value #INTERNAL_TOKEN}, required)
 * @param rolloutTick   how often rollouts in progress are stepped ({@code EDGEFLEET_ROLLOUT_TICK_MILLIS}, default 1000);
 *                      agents' reports step them at once as well
 * @param commands      the commands API's waits and expiry ({@code EDGEFLEET_COMMAND_*})
 * @param secrets       seals registry passwords ({@value SecretBox#SECRET_KEY}, optional: without it registry writes
 *                      answer 503)
 */
public record DeploymentConfig(HttpConfig http, DbConfig db, MqttConfig mqtt, String internalToken,
                               Duration rolloutTick, CommandSettings commands, Optional<SecretBox> secrets) {

    public static final String SERVICE = "deployment";
    public static final int DEFAULT_HTTP_PORT = 8083;
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";

    public DeploymentConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(internalToken, "internalToken");
        Objects.requireNonNull(rolloutTick, "rolloutTick");
        Objects.requireNonNull(commands, "commands");
        secrets = secrets == null ? Optional.empty() : secrets;
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static DeploymentConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        return new DeploymentConfig(
                HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT),
                DbConfig.fromEnv(env),
                MqttConfig.fromEnv(env, SERVICE),
                env.required(INTERNAL_TOKEN),
                Duration.ofMillis(env.integer("EDGEFLEET_ROLLOUT_TICK_MILLIS", 1000, 50, 60_000)),
                CommandSettings.fromEnv(env),
                env.optional(SecretBox.SECRET_KEY).isPresent() ? Optional.of(SecretBox.fromEnv(env)) : Optional.empty());
    }

    @Override
    public String toString() {
        return "DeploymentConfig[http=" + http + ", db=" + db + ", mqtt=" + mqtt + ", internalToken=<hidden>, rolloutTick="
                + rolloutTick + ", commands=" + commands + ", secrets=" + secrets.map(Object::toString).orElse("none") + "]";
    }
}

package io.edgefleet.tenancy;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.tenancy.user.Argon2Parameters;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenancy service's settings, all from the environment.
 *
 * @param http            internal HTTP port ({@code EDGEFLEET_HTTP_HOST}, {@code EDGEFLEET_HTTP_PORT}, default 8082)
 * @param db              PostgreSQL ({@code EDGEFLEET_DB_*})
 * @param mqtt            broker connection as {@code svc:tenancy} ({@code EDGEFLEET_MQTT_*})
 * @param internalToken   bearer token of internal callers ({@value #INTERNAL_TOKEN}, required)
 * @param jwtPrivateKeyPem PKCS#8 PEM of the EC P-256 signing key ({@value #JWT_PRIVATE_KEY_PEM}); empty: a key
 *                        generated per start (tokens then die with the process)
 * @param bootstrapEmail  platform admin created when no user exists ({@value #BOOTSTRAP_ADMIN_EMAIL})
 * @param bootstrapPassword its password ({@value #BOOTSTRAP_ADMIN_PASSWORD})
 * @param argon2          Argon2id cost ({@value #ARGON2_MEMORY_KIB}, {@value #ARGON2_ITERATIONS},
 *                        {@value #ARGON2_PARALLELISM})
 * @param secrets         seals stored credentials such as cluster tokens and kubeconfigs ({@value SecretBox#SECRET_KEY},
 *                        required: base64 of 32 bytes)
 * @param partitionAccessRetry how often partitions whose cluster could not be reached when their tenant was disabled
 *                        or enabled are retried ({@value #PARTITION_ACCESS_RETRY_SECONDS}, default 30 s)
 * @param partitionStatusInterval how often the Deployments of the apps in partitions are read back for their state
 *                        ({@value #PARTITION_STATUS_SECONDS}, default 10 s)
 */
public record TenancyConfig(HttpConfig http, DbConfig db, MqttConfig mqtt, String internalToken,
                            Optional<String> jwtPrivateKeyPem, Optional<String> bootstrapEmail,
                            Optional<String> bootstrapPassword, Argon2Parameters argon2, SecretBox secrets,
                            Duration partitionAccessRetry, Duration partitionStatusInterval) {

    public static final String SERVICE = "tenancy";
    public static final int DEFAULT_HTTP_PORT = 8082;
    public static final String INTERNAL_TOKEN = "EDGEFLEET_INTERNAL_TOKEN";
    public static final String JWT_PRIVATE_KEY_PEM = "EDGEFLEET_JWT_PRIVATE_KEY_PEM";
    public static final String BOOTSTRAP_ADMIN_EMAIL = "EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD";
    public static final String ARGON2_MEMORY_KIB = "EDGEFLEET_ARGON2_MEMORY_KIB";
    public static final String ARGON2_ITERATIONS = "EDGEFLEET_ARGON2_ITERATIONS";
    public static final String ARGON2_PARALLELISM = "EDGEFLEET_ARGON2_PARALLELISM";
    public static final String PARTITION_ACCESS_RETRY_SECONDS = "EDGEFLEET_PARTITION_ACCESS_RETRY_SECONDS";
    public static final String PARTITION_STATUS_SECONDS = "EDGEFLEET_PARTITION_STATUS_SECONDS";

    public TenancyConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(internalToken, "internalToken");
        Objects.requireNonNull(jwtPrivateKeyPem, "jwtPrivateKeyPem");
        Objects.requireNonNull(bootstrapEmail, "bootstrapEmail");
        Objects.requireNonNull(bootstrapPassword, "bootstrapPassword");
        Objects.requireNonNull(argon2, "argon2");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(partitionAccessRetry, "partitionAccessRetry");
        Objects.requireNonNull(partitionStatusInterval, "partitionStatusInterval");
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static TenancyConfig fromEnv(Map<String, String> variables) {
        Env env = Env.of(variables);
        Optional<String> email = env.optional(BOOTSTRAP_ADMIN_EMAIL);
        Optional<String> password = env.optional(BOOTSTRAP_ADMIN_PASSWORD);
        if (email.isPresent() != password.isPresent()) {
            throw new ConfigException(BOOTSTRAP_ADMIN_EMAIL + " and " + BOOTSTRAP_ADMIN_PASSWORD
                    + " must be set together or not at all");
        }
        return new TenancyConfig(
                HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT),
                DbConfig.fromEnv(env),
                MqttConfig.fromEnv(env, SERVICE),
                env.required(INTERNAL_TOKEN),
                env.optional(JWT_PRIVATE_KEY_PEM),
                email, password,
                new Argon2Parameters(env.integer(ARGON2_MEMORY_KIB, 19_456, 1024, 4 * 1024 * 1024),
                        env.integer(ARGON2_ITERATIONS, 2, 1, 100), env.integer(ARGON2_PARALLELISM, 1, 1, 64)),
                SecretBox.fromEnv(env),
                Duration.ofSeconds(env.integer(PARTITION_ACCESS_RETRY_SECONDS, 30, 1, 3600)),
                Duration.ofSeconds(env.integer(PARTITION_STATUS_SECONDS, 10, 1, 3600)));
    }

    @Override
    public String toString() {
        return "TenancyConfig[http=" + http + ", db=" + db + ", mqtt=" + mqtt + ", internalToken=<hidden>, jwtKey="
                + (jwtPrivateKeyPem.isPresent() ? "<hidden>" : "<generated>") + ", bootstrapEmail="
                + bootstrapEmail.orElse("<none>") + ", argon2=" + argon2 + ", secretKey=<hidden>, partitionAccessRetry="
                + partitionAccessRetry + ", partitionStatusInterval=" + partitionStatusInterval + "]";
    }
}

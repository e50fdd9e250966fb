package io.edgefleet.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("EDGEFLEET_INTERNAL_TOKEN", "s3cret-token",
            "EDGEFLEET_MQTT_PASSWORD", "mqtt-pass", "EDGEFLEET_DB_PASSWORD", "db-pass");

    @Test
    void defaultsToPort8083AndTheDeploymentServiceAccount() {
        DeploymentConfig config = DeploymentConfig.fromEnv(MINIMAL);

        assertThat(config.http().port()).isEqualTo(8083);
        assertThat(config.mqtt().username()).isEqualTo("svc:deployment");
        assertThat(config.internalToken()).isEqualTo("s3cret-token");
    }

    @Test
    void refusesToStartWithoutTheInternalToken() {
        assertThatThrownBy(() -> DeploymentConfig.fromEnv(Map.of("EDGEFLEET_MQTT_PASSWORD", "p", "EDGEFLEET_DB_PASSWORD", "p")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_INTERNAL_TOKEN");
    }

    @Test
    void neverPrintsTheSecrets() {
        assertThat(DeploymentConfig.fromEnv(MINIMAL).toString()).doesNotContain("s3cret-token", "mqtt-pass", "db-pass");
    }

    @Test
    void theSecretKeyIsOptionalAndAMalformedOneIsRefusedNamingIt() {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(MINIMAL);
        assertThat(DeploymentConfig.fromEnv(env).secrets()).isEmpty();

        String key = io.edgefleet.kit.crypto.SecretBox.generateKey();
        env.put("EDGEFLEET_SECRET_KEY", key);
        DeploymentConfig config = DeploymentConfig.fromEnv(env);
        assertThat(config.secrets()).isPresent();
        assertThat(config.toString()).doesNotContain(key);

        env.put("EDGEFLEET_SECRET_KEY", "too-short");
        assertThatThrownBy(() -> DeploymentConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_SECRET_KEY");
    }
}

package io.edgefleet.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyConfigTest {

    private static final String KEY = "q2Vx8kPz3mJ0bT6yW1cR5nL9hF4dA7sE2gU0iO3pK8M=";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_MQTT_PASSWORD", "mqtt-secret");
        env.put("EDGEFLEET_INTERNAL_TOKEN", "internal-secret");
        env.put("EDGEFLEET_SECRET_KEY", KEY);
        return env;
    }

    @Test
    void defaultsArePort8082AndOwaspArgon2Cost() {
        TenancyConfig config = TenancyConfig.fromEnv(minimal());
        assertThat(config.http().port()).isEqualTo(8082);
        assertThat(config.argon2().toString()).isEqualTo("m=19456,t=2,p=1");
        assertThat(config.bootstrapEmail()).isEmpty();
        assertThat(config.mqtt().username()).isEqualTo("svc:tenancy");
    }

    @Test
    void partitionAccessIsRetriedEvery30SecondsUnlessSetWithinOneSecondToAnHour() {
        assertThat(TenancyConfig.fromEnv(minimal()).partitionAccessRetry()).hasSeconds(30);
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_PARTITION_ACCESS_RETRY_SECONDS", "5");
        assertThat(TenancyConfig.fromEnv(env).partitionAccessRetry()).hasSeconds(5);
        env.put("EDGEFLEET_PARTITION_ACCESS_RETRY_SECONDS", "0");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_PARTITION_ACCESS_RETRY_SECONDS");
    }

    @Test
    void partitionWorkloadsAreReadBackEvery10SecondsUnlessSetWithinOneSecondToAnHour() {
        assertThat(TenancyConfig.fromEnv(minimal()).partitionStatusInterval()).hasSeconds(10);
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_PARTITION_STATUS_SECONDS", "2");
        assertThat(TenancyConfig.fromEnv(env).partitionStatusInterval()).hasSeconds(2);
        env.put("EDGEFLEET_PARTITION_STATUS_SECONDS", "3601");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_PARTITION_STATUS_SECONDS");
    }

    @Test
    void theInternalTokenIsRequired() {
        Map<String, String> env = minimal();
        env.remove("EDGEFLEET_INTERNAL_TOKEN");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_INTERNAL_TOKEN");
    }

    @Test
    void theSecretKeyIsRequiredAndMustBe32Bytes() {
        Map<String, String> env = minimal();
        env.remove("EDGEFLEET_SECRET_KEY");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessage("EDGEFLEET_SECRET_KEY is required but not set");
        env.put("EDGEFLEET_SECRET_KEY", "c2hvcnQ=");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_SECRET_KEY").hasMessageContaining("32 bytes")
                .message().doesNotContain("c2hvcnQ=");
    }

    @Test
    void bootstrapEmailWithoutPasswordIsRefused() {
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", "root@example.com");
        assertThatThrownBy(() -> TenancyConfig.fromEnv(env)).hasMessageContaining("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD");
    }

    @Test
    void toStringHidesEverySecret() {
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", "root@example.com");
        env.put("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", "bootstrap-secret-123");
        env.put("EDGEFLEET_JWT_PRIVATE_KEY_PEM", "-----BEGIN PRIVATE KEY-----abc");
        assertThat(TenancyConfig.fromEnv(env).toString()).doesNotContain("mqtt-secret", "internal-secret",
                "bootstrap-secret-123", "BEGIN PRIVATE KEY", KEY);
    }
}

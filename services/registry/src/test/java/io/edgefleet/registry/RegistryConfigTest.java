package io.edgefleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_INTERNAL_TOKEN", "internal-token-123456");
        env.put("EDGEFLEET_MQTT_PASSWORD", "mqtt-secret");
        return env;
    }

    @Test
    void defaultsFollowTheArchitecture() {
        RegistryConfig config = RegistryConfig.fromEnv(minimal());

        assertThat(config.http().port()).isEqualTo(8081);
        assertThat(config.mqtt().username()).isEqualTo("svc:registry");
        assertThat(config.publicBrokerUrl()).isEqualTo("tcp://localhost:1883");
        assertThat(config.presenceFlushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.agentImage()).isEqualTo("edgefleet/agent:" + RegistryConfig.version());
        assertThat(RegistryConfig.version()).matches("^[0-9]+\\.[0-9]+\\.[0-9]+.*$");
    }

    @Test
    void internalTokenIsRequired() {
        Map<String, String> env = minimal();
        env.remove("EDGEFLEET_INTERNAL_TOKEN");

        assertThatThrownBy(() -> RegistryConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EDGEFLEET_INTERNAL_TOKEN");
    }

    @Test
    void readsBrokerUrlAndFlushInterval() {
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_PUBLIC_BROKER_URL", "ssl://broker.example.com:8883");
        env.put("EDGEFLEET_PRESENCE_FLUSH_MILLIS", "250");

        RegistryConfig config = RegistryConfig.fromEnv(env);

        assertThat(config.publicBrokerUrl()).isEqualTo("ssl://broker.example.com:8883");
        assertThat(config.presenceFlushInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void refusesValuesThatWouldBreakRunCommands() {
        assertRefused("EDGEFLEET_PUBLIC_BROKER_URL", "tcp://host:1883; rm -rf /");
        assertRefused("EDGEFLEET_PUBLIC_BROKER_URL", "http://host:1883");
        assertRefused("EDGEFLEET_PRESENCE_FLUSH_MILLIS", "10");
        assertRefused("EDGEFLEET_AGENT_IMAGE", "img $(whoami)");
        assertRefused("EDGEFLEET_PUBLIC_GATEWAY_URL", "https://host/$(whoami)");
        assertRefused("EDGEFLEET_PUBLIC_GATEWAY_URL", "ftp://host");
        assertRefused("EDGEFLEET_PUBLIC_GATEWAY_URL", "https://host name");
    }

    @Test
    void gatewayUrlDefaultsToLocalhostAndLosesItsTrailingSlash() {
        assertThat(RegistryConfig.fromEnv(minimal()).publicGatewayUrl()).isEqualTo("http://localhost:8080");
        Map<String, String> env = minimal();
        env.put("EDGEFLEET_PUBLIC_GATEWAY_URL", "https://edgefleet.example.com:8443/fleet/");
        assertThat(RegistryConfig.fromEnv(env).publicGatewayUrl()).isEqualTo("https://edgefleet.example.com:8443/fleet");
    }

    @Test
    void toStringHidesTheSecrets() {
        assertThat(RegistryConfig.fromEnv(minimal()).toString())
                .doesNotContain("internal-token-123456").doesNotContain("mqtt-secret");
    }

    private static void assertRefused(String name, String value) {
        Map<String, String> env = minimal();
        env.put(name, value);
        assertThatThrownBy(() -> RegistryConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class).hasMessageContaining(name);
    }
}

package io.edgefleet.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    @TempDir
    Path dir;

    static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_REGISTRY_URL", "http://localhost:8081");
        env.put("EDGEFLEET_INTERNAL_TOKEN", "the-internal-token");
        env.put("EDGEFLEET_SERVICE_ACCOUNTS", "registry:registry-secret,gateway:gateway:secret");
        return env;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredVariablesAreSet() {
        BrokerConfig config = BrokerConfig.fromEnv(required());
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.tls()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("./.edgefleet/broker"));
        assertThat(config.registryUrl()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(config.internalToken()).isEqualTo("the-internal-token");
        assertThat(config.serviceAccounts().names()).containsExactlyInAnyOrder("registry", "gateway");
        assertThat(config.authCacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.authTimeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void everyVariableIsRead() throws IOException {
        Path keystore = Files.writeString(dir.resolve("broker.p12"), "not checked here");
        Map<String, String> env = required();
        env.put("EDGEFLEET_MQTT_BIND", "127.0.0.1");
        env.put("EDGEFLEET_MQTT_PORT", "11883");
        env.put("EDGEFLEET_MQTT_TLS_PORT", "18883");
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", keystore.toString());
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "store-pass");
        env.put("EDGEFLEET_BROKER_DATA_DIR", "/var/lib/edgefleet/broker");
        env.put("EDGEFLEET_AUTH_CACHE_SECONDS", "0");
        env.put("EDGEFLEET_AUTH_TIMEOUT_MILLIS", "750");
        BrokerConfig config = BrokerConfig.fromEnv(env);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.mqttPort()).isEqualTo(11883);
        assertThat(config.tls()).hasValue(new TlsListener(18883, keystore, "store-pass", "store-pass"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/edgefleet/broker"));
        assertThat(config.authCacheTtl()).isZero();
        assertThat(config.authTimeout()).isEqualTo(Duration.ofMillis(750));

        env.put("EDGEFLEET_MQTT_TLS_KEY_PASSWORD", "key-pass");
        assertThat(BrokerConfig.fromEnv(env).tls().orElseThrow().keyPassword()).isEqualTo("key-pass");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EDGEFLEET_REGISTRY_URL", "EDGEFLEET_INTERNAL_TOKEN", "EDGEFLEET_SERVICE_ACCOUNTS"})
    void missingRequiredVariableIsNamed(String name) {
        Map<String, String> env = required();
        env.remove(name);
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " is required");
        env.put(name, "   ");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).hasMessage(name + " is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EDGEFLEET_MQTT_PORT|abc|EDGEFLEET_MQTT_PORT must be a port number 1-65535, got 'abc'",
            "EDGEFLEET_MQTT_PORT|0|EDGEFLEET_MQTT_PORT must be a port number 1-65535, got '0'",
            "EDGEFLEET_MQTT_PORT|65536|EDGEFLEET_MQTT_PORT must be a port number 1-65535, got '65536'",
            "EDGEFLEET_AUTH_CACHE_SECONDS|-1|EDGEFLEET_AUTH_CACHE_SECONDS must be a whole number 0-3600, got '-1'",
            "EDGEFLEET_AUTH_CACHE_SECONDS|ten|EDGEFLEET_AUTH_CACHE_SECONDS must be a whole number 0-3600, got 'ten'",
            "EDGEFLEET_AUTH_TIMEOUT_MILLIS|0|EDGEFLEET_AUTH_TIMEOUT_MILLIS must be a whole number 1-60000, got '0'",
            "EDGEFLEET_REGISTRY_URL|localhost:8081|EDGEFLEET_REGISTRY_URL must be an http(s) URL such as http://localhost:8081, got 'localhost:8081'",
            "EDGEFLEET_REGISTRY_URL|ftp://registry|EDGEFLEET_REGISTRY_URL must be an http(s) URL such as http://localhost:8081, got 'ftp://registry'",
            "EDGEFLEET_REGISTRY_URL|http://user:pw@registry:8081|EDGEFLEET_REGISTRY_URL must not contain credentials (user:password@)",
            "EDGEFLEET_REGISTRY_URL|http://|EDGEFLEET_REGISTRY_URL must be an http(s) URL such as http://localhost:8081, got 'http://'",
            "EDGEFLEET_SERVICE_ACCOUNTS|registry|EDGEFLEET_SERVICE_ACCOUNTS must be name:secret[,name:secret...], an entry has no ':'",
            "EDGEFLEET_SERVICE_ACCOUNTS|registry:|EDGEFLEET_SERVICE_ACCOUNTS has an empty secret for account 'registry'",
            "EDGEFLEET_SERVICE_ACCOUNTS|Registry:x|EDGEFLEET_SERVICE_ACCOUNTS has an invalid account name 'Registry': use lowercase letters, digits and '-', starting with a letter, at most 40 characters",
            "EDGEFLEET_SERVICE_ACCOUNTS|a:x,a:y|EDGEFLEET_SERVICE_ACCOUNTS names account 'a' twice",
            "EDGEFLEET_SERVICE_ACCOUNTS|a:x,|EDGEFLEET_SERVICE_ACCOUNTS must be name:secret[,name:secret...], an entry has no ':'"})
    void invalidValueIsRefusedNamingTheVariableAndTheValue(String name, String value, String message) {
        Map<String, String> env = required();
        env.put(name, value);
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void tlsNeedsAReadableKeystoreItsPasswordAndItsOwnPort() throws IOException {
        Map<String, String> env = required();
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).hasMessageStartingWith(
                "EDGEFLEET_MQTT_TLS_KEYSTORE must name a readable keystore file");

        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", Files.writeString(dir.resolve("broker.p12"), "x").toString());
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).hasMessage(
                "EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD is required when EDGEFLEET_MQTT_TLS_KEYSTORE is set");

        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "pass");
        env.put("EDGEFLEET_MQTT_TLS_PORT", "1883");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).hasMessage(
                "EDGEFLEET_MQTT_TLS_PORT must differ from EDGEFLEET_MQTT_PORT, both are 1883");

        env.put("EDGEFLEET_MQTT_TLS_PORT", "8883");
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "pa${HOME}ss");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(env)).hasMessage(
                "EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD must not contain '${'");
    }

    @Test
    void tlsPortIsIgnoredWithoutAKeystore() {
        Map<String, String> env = required();
        env.put("EDGEFLEET_MQTT_TLS_PORT", "8883");
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "pass");
        assertThat(BrokerConfig.fromEnv(env).tls()).isEmpty();
    }

    @Test
    void toStringShowsNoSecret() throws IOException {
        Map<String, String> env = required();
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", Files.writeString(dir.resolve("broker.p12"), "x").toString());
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "store-pass");
        env.put("EDGEFLEET_MQTT_TLS_KEY_PASSWORD", "key-pass");
        String text = BrokerConfig.fromEnv(env).toString();
        assertThat(text).contains("registry", "gateway", "http://localhost:8081")
                .doesNotContain("the-internal-token", "registry-secret", "gateway:secret", "store-pass", "key-pass");
    }
}

package io.edgefleet.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {

    @Test
    void dbConfigDefaultsAndUrl() {
        DbConfig db = DbConfig.fromEnv(Env.of(Map.of("EDGEFLEET_DB_PASSWORD", "pw")));
        assertThat(db).isEqualTo(new DbConfig("localhost", 5432, "edgefleet", "edgefleet", "pw", 8));
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/edgefleet");
        assertThat(db.connectOptions().getDatabase()).isEqualTo("edgefleet");
        assertThat(db.connectOptions().getPassword()).isEqualTo("pw");
    }

    @Test
    void dbConfigToStringHidesPassword() {
        DbConfig db = new DbConfig("db", 5432, "edgefleet", "u", "topsecret");
        assertThat(db.toString()).doesNotContain("topsecret").contains("<hidden>");
    }

    @Test
    void mqttConfigNeedsPasswordAndDefaultsTheRest() {
        assertThatThrownBy(() -> MqttConfig.fromEnv(Env.of(Map.of()), "registry"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_MQTT_PASSWORD");
        MqttConfig mqtt = MqttConfig.fromEnv(Env.of(Map.of("EDGEFLEET_MQTT_PASSWORD", "s3cr3t", "HOSTNAME", "node-7")),
                "registry");
        assertThat(mqtt).isEqualTo(new MqttConfig("localhost", 1883, "svc:registry", "s3cr3t", "registry-node-7", 100));
        assertThat(mqtt.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void mqttConfigRejectsZeroInflight() {
        assertThatThrownBy(() -> MqttConfig.fromEnv(Env.of(Map.of("EDGEFLEET_MQTT_PASSWORD", "x",
                "EDGEFLEET_MQTT_MAX_INFLIGHT", "0")), "registry"))
                .hasMessage("EDGEFLEET_MQTT_MAX_INFLIGHT must be between 1 and 65535, got '0'");
    }

    @Test
    void httpConfigDefaults() {
        assertThat(HttpConfig.fromEnv(Env.of(Map.of()), 8081)).isEqualTo(new HttpConfig("0.0.0.0", 8081));
        assertThat(HttpConfig.fromEnv(Env.of(Map.of("EDGEFLEET_HTTP_PORT", "9000")), 8081).port()).isEqualTo(9000);
    }
}

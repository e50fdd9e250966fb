package io.edgefleet.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void missingRequiredVariableIsNamed() {
        assertThatThrownBy(() -> Env.of(Map.of()).required("EDGEFLEET_X"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("EDGEFLEET_X is required but not set");
    }

    @Test
    void blankValueCountsAsUnset() {
        Env env = Env.of(Map.of("A", "   "));
        assertThat(env.string("A", "def")).isEqualTo("def");
        assertThatThrownBy(() -> env.required("A")).hasMessageContaining("A is required");
    }

    @Test
    void malformedIntegerNamesVariableAndValue() {
        assertThatThrownBy(() -> Env.of(Map.of("EDGEFLEET_DB_POOL_SIZE", "lots")).integer("EDGEFLEET_DB_POOL_SIZE", 8, 1, 100))
                .isInstanceOf(ConfigException.class)
                .hasMessage("EDGEFLEET_DB_POOL_SIZE must be an integer, got 'lots'");
    }

    @Test
    void integerOutsideRangeNamesBounds() {
        assertThatThrownBy(() -> Env.of(Map.of("N", "0")).integer("N", 8, 1, 100))
                .hasMessage("N must be between 1 and 100, got '0'");
        assertThat(Env.of(Map.of("N", " 42 ")).integer("N", 8, 1, 100)).isEqualTo(42);
        assertThat(Env.of(Map.of()).integer("N", 8, 1, 100)).isEqualTo(8);
    }

    @Test
    void secretValuesAreNeverEchoed() {
        for (String name : new String[] {"EDGEFLEET_DB_PASSWORD", "EDGEFLEET_INTERNAL_TOKEN", "MY_SECRET_NUMBER"}) {
            assertThatThrownBy(() -> Env.of(Map.of(name, "hunter2")).integer(name, 1, 1, 10))
                    .hasMessageContaining(name)
                    .hasMessageContaining("<hidden>")
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> Env.of(Map.of(name, "hunter2")).bool(name, false))
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> Env.of(Map.of(name, "hunter2")).seconds(name, 1))
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void portMustBeInRange() {
        assertThatThrownBy(() -> Env.of(Map.of("EDGEFLEET_MQTT_PORT", "70000")).port("EDGEFLEET_MQTT_PORT", 1883))
                .hasMessage("EDGEFLEET_MQTT_PORT must be between 1 and 65535, got '70000'");
        assertThat(Env.of(Map.of()).port("EDGEFLEET_MQTT_PORT", 1883)).isEqualTo(1883);
    }

    @Test
    void secondsAndBooleansParse() {
        Env env = Env.of(Map.of("T", "15", "B1", "YES", "B2", "false", "BAD", "maybe", "NEG", "-1"));
        assertThat(env.seconds("T", 3)).isEqualTo(Duration.ofSeconds(15));
        assertThat(env.seconds("MISSING", 3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(env.bool("B1", false)).isTrue();
        assertThat(env.bool("B2", true)).isFalse();
        assertThat(env.bool("MISSING", true)).isTrue();
        assertThatThrownBy(() -> env.bool("BAD", true)).hasMessage("BAD must be true or false, got 'maybe'");
        assertThatThrownBy(() -> env.seconds("NEG", 1)).hasMessageContaining("NEG must be between 0");
    }
}

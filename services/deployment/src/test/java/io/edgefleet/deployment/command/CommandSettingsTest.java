package io.edgefleet.deployment.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSettingsTest {

    @Test
    void defaultsWaitFiveSecondsAllowEightAndExpireAfterAMinute() {
        CommandSettings settings = CommandSettings.fromEnv(Env.of(Map.of()));

        assertThat(settings.defaultWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxWait()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aDefaultWaitAboveTheMaximumOrAMalformedValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> CommandSettings.fromEnv(Env.of(Map.of(CommandSettings.WAIT_MILLIS, "9000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CommandSettings.WAIT_MILLIS);
        assertThatThrownBy(() -> CommandSettings.fromEnv(Env.of(Map.of(CommandSettings.TTL_SECONDS, "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CommandSettings.TTL_SECONDS);
        assertThat(CommandSettings.fromEnv(Env.of(Map.of(CommandSettings.WAIT_MILLIS, "0"))).defaultWait()).isZero();
    }
}

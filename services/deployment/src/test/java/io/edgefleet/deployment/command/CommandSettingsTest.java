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

    @Test
    void anEndpointsLinkProfileNamesItsCommandsExpiryAndReplyWaitCappedAtTheMaximum() {
        CommandSettings settings = CommandSettings.fromEnv(Env.of(Map.of()));

        CommandSettings.Timings satellite = settings.timings(
                json("{\"commandTtlSeconds\":300,\"replyTimeoutSeconds\":7}"));
        assertThat(satellite.ttl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(satellite.replyWait()).isEqualTo(Duration.ofSeconds(7));

        assertThat(settings.timings(json("{\"replyTimeoutSeconds\":600}")).replyWait()).isEqualTo(settings.maxWait());
        assertThat(settings.timings(json("{\"replyTimeoutSeconds\":0}")).replyWait()).isZero();
        assertThat(settings.timings(json("{\"keepAliveSeconds\":90}")))
                .isEqualTo(new CommandSettings.Timings(settings.ttl(), settings.defaultWait()));
        assertThat(settings.timings(null)).isEqualTo(new CommandSettings.Timings(settings.ttl(), settings.defaultWait()));
        assertThat(settings.timings(json("null"))).isEqualTo(new CommandSettings.Timings(settings.ttl(), settings.defaultWait()));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return io.edgefleet.kit.events.Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

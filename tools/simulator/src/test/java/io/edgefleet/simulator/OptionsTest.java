package io.edgefleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options parse(String... args) throws Options.InvalidOptions {
        return Options.parse(args);
    }

    @Test
    void defaultsApplyWhenOnlyTheScenarioIsGiven() throws Exception {
        Options options = parse("steady");

        assertThat(options.scenario()).isEqualTo(Options.Scenario.STEADY);
        assertThat(options.agents()).isEqualTo(100);
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.broker().getPort()).isEqualTo(1883);
        assertThat(options.sourceAddresses()).isEmpty();
        assertThat(options.out().toString()).isEqualTo("target/simulator-steady.json");
    }

    @Test
    void valuesAreReadInBothSpellings() throws Exception {
        Options options = parse("ramp", "--agents", "25_000", "--ramp-rate=750", "--warmup", "500ms",
                "--watch", "platform=123", "--watch", "postgres=@/tmp/pg.pid");

        assertThat(options.agents()).isEqualTo(25_000);
        assertThat(options.rampRate()).isEqualTo(750);
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.watch()).containsEntry("platform", "123").containsEntry("postgres", "@/tmp/pg.pid");
    }

    @Test
    void sourceAddressRangeExpandsToEveryAddressInIt() throws Exception {
        Options options = parse("ramp", "--source-addresses", "127.0.0.2-127.0.0.4,127.0.0.9");

        assertThat(options.sourceAddresses()).extracting(a -> a.getHostAddress())
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.9");
    }

    @Test
    void invalidCommandLinesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse()).hasMessageContaining("no scenario");
        assertThatThrownBy(() -> parse("explode")).hasMessageContaining("unknown scenario 'explode'");
        assertThatThrownBy(() -> parse("steady", "--agnets", "5")).hasMessageContaining("unknown option --agnets");
        assertThatThrownBy(() -> parse("steady", "--agents")).hasMessageContaining("--agents needs a value");
        assertThatThrownBy(() -> parse("steady", "--agents", "0")).hasMessageContaining("--agents 0 is out of range");
        assertThatThrownBy(() -> parse("steady", "--agents", "many")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> parse("steady", "--duration", "10")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("steady", "--metrics-interval", "1500ms"))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> parse("steady", "--broker", "http://x:1")).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> parse("steady", "--samples", "10001")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse("steady", "--source-addresses", "localhost"))
                .hasMessageContaining("not an IP address literal");
        assertThatThrownBy(() -> parse("steady", "--source-addresses", "127.0.0.5-127.0.0.2"))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> parse("steady", "--source-addresses", "192.0.2.77"))
                .hasMessageContaining("cannot bind a socket to 192.0.2.77");
        assertThatThrownBy(() -> parse("steady", "--watch", "platform")).hasMessageContaining("NAME=PID");
        assertThatThrownBy(() -> parse("steady", "--tenant", "Bad")).hasMessageContaining("not a tenant id");
        assertThatThrownBy(() -> parse("steady", "--agents", "1", "--agents", "2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("reconnect")).hasMessageContaining("--restart-command");
        assertThatThrownBy(() -> parse("steady", "--admin-password", "a", "--admin-password-file", "b"))
                .hasMessageContaining("not both");
    }
}

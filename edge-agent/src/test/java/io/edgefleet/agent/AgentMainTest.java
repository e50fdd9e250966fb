package io.edgefleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args, Map<String, String> env) {
        return AgentMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidSettingExitsWithCode2AndOneLineNamingIt() {
        int code = run(List.of("--heartbeat-interval", "0"), Map.of(
                "EDGEFLEET_BROKER_URL", "tcp://127.0.0.1:1",
                "EDGEFLEET_TENANT", "default",
                "EDGEFLEET_ENDPOINT_ID", "ep-abcdefghij23",
                "EDGEFLEET_ENDPOINT_SECRET", "topsecret"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("invalid setting --heartbeat-interval "
                + "(EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS): must be an integer 1-3600, got '0'" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        int code = run(List.of("--help"), Map.of());

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar edgefleet-agent.jar")
                .contains("EDGEFLEET_ENDPOINT_SECRET");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}

package io.edgefleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's command line: exit codes and what it prints. */
class AgentCommandLineIT {

    @TempDir
    Path temp;

    private static final Map<String, String> REQUIRED = Map.of(
            "EDGEFLEET_BROKER_URL", "tcp://127.0.0.1:1",
            "EDGEFLEET_TENANT", "default",
            "EDGEFLEET_ENDPOINT_ID", "ep-abcdefghij23",
            "EDGEFLEET_ENDPOINT_SECRET", "do-not-print-me");

    @Test
    void anInvalidSettingExitsWithCode2AndOneLineOnStderrNamingIt() throws Exception {
        Process agent = AgentJar.start(List.of("--heartbeat-interval", "0"), REQUIRED, temp);

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(Files.readString(temp.resolve("stderr.log"))).isEqualTo("invalid setting --heartbeat-interval "
                + "(EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS): must be an integer 1-3600, got '0'\n");
        assertThat(Files.readString(temp.resolve("stdout.log"))).isEmpty();
    }

    @Test
    void anUnknownFlagExitsWithCode2() throws Exception {
        Process agent = AgentJar.start(List.of("--brokerurl", "tcp://x:1"), REQUIRED, temp);

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(Files.readString(temp.resolve("stderr.log"))).startsWith("unknown flag --brokerurl");
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() throws Exception {
        Process agent = AgentJar.start(List.of("--help"), Map.of(), temp);

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isZero();
        assertThat(Files.readString(temp.resolve("stdout.log"))).startsWith("Usage:")
                .contains("--broker-url").contains("EDGEFLEET_ENDPOINT_SECRET");
    }
}

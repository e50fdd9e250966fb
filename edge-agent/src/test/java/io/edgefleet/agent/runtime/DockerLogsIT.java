package io.edgefleet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** logs() returns stdout and stderr lines with tail, since and timestamps applied. */
class DockerLogsIT {

    private static DockerLeftovers run;
    private static DockerContainerRuntime runtime;
    private static String id;

    @BeforeAll
    static void container() throws Exception {
        TestImages.ensure();
        run = DockerLeftovers.newRun();
        runtime = DockerContainerRuntime.forHost(URI.create("unix:///var/run/docker.sock"));
        id = DockerOperationsIT.started(runtime, run.name("talker"),
                "echo out1; echo err1 >&2; echo out2; sleep 1.5; echo 'late out'; echo 'late err' >&2; sleep 1000");
        await().atMost(Duration.ofSeconds(10)).until(() -> DockerCli.docker("logs", id).contains("late out")
                && DockerCli.tryDocker("logs", id).stderr().contains("late err"));
    }

    @AfterAll
    static void cleanUp() {
        runtime.close();
        run.close();
    }

    @Test
    void stdoutAndStderrLinesArriveTogether() {
        List<String> lines = runtime.logs(id, 100, null, false);

        assertThat(lines).containsExactlyInAnyOrder("out1", "err1", "out2", "late out", "late err");
        assertThat(lines.indexOf("out1")).isLessThan(lines.indexOf("out2"));
        assertThat(lines.indexOf("out2")).isLessThan(lines.indexOf("late out"));
    }

    @Test
    void tailKeepsOnlyTheLastLines() {
        List<String> lines = runtime.logs(id, 2, null, false);

        assertThat(lines).containsExactlyInAnyOrder("late out", "late err");
    }

    @Test
    void timestampsPrefixEachLineAndSinceDropsEarlierLines() {
        List<String> stamped = runtime.logs(id, 100, null, true);
        assertThat(stamped).hasSize(5).allSatisfy(line ->
                assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z .+"));
        String late = stamped.stream().filter(line -> line.endsWith(" late out")).findFirst().orElseThrow();
        Instant lateAt = Instant.parse(late.substring(0, late.indexOf(' ')));
        Instant earliestLate = stamped.stream().filter(line -> line.contains(" late "))
                .map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
                .min(Instant::compareTo).orElseThrow();

        List<String> since = runtime.logs(id, 100, earliestLate, false);

        assertThat(lateAt).isAfterOrEqualTo(earliestLate);
        assertThat(since).containsExactlyInAnyOrder("late out", "late err");
    }
}

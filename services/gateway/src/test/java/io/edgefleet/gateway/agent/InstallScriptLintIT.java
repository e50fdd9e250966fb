package io.edgefleet.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The install script runs under whatever {@code sh} a machine has (dash on Debian and Ubuntu, bash elsewhere, busybox
 * ash in small images): shellcheck in POSIX mode finds bashisms and quoting mistakes before a machine does.
 */
class InstallScriptLintIT {

    private static final Path SCRIPT = Path.of("src/main/resources", AgentRoutes.SCRIPT_RESOURCE);

    @Test
    void shellcheckFindsNothingInPosixMode() throws Exception {
        assertClean(List.of("shellcheck", "--shell=sh", "--severity=style", SCRIPT.toString()));
    }

    @Test
    void dashParsesIt() throws Exception {
        assertClean(List.of("dash", "-n", SCRIPT.toString()));
    }

    private static void assertClean(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        assertThat(output).as(output).isEmpty();
    }
}

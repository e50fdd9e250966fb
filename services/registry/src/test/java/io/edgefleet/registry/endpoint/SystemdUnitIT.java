package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit of the run commands, checked by systemd's own parser ({@code systemd-analyze verify}). */
class SystemdUnitIT {

    @Test
    void systemdAcceptsTheUnitWithoutAnyWarning(@TempDir Path dir) throws Exception {
        RunCommands commands = RunCommands.of("tcp://broker.example:1883", "edgefleet/agent:0.1.0", "default",
                "ep-k3v7q2mxa4td", "qwwB-I7K2Mq567C9uidHO0sVIcY24MGHzNEfH8Tlmc8");
        Path unit = dir.resolve("edgefleet-agent.service");
        Files.writeString(unit, commands.systemd());

        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.exitValue()).as(output).isZero();
        // systemd reports unknown keys and bad values as warnings naming the file, and still exits 0
        assertThat(output).as(output).doesNotContain(unit.getFileName().toString());
    }
}

package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.registry.testing.ContractExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunCommandsTest {

    private static final Path PACKAGED_UNIT = Path.of("../../edge-agent/packaging/edgefleet-agent.service");
    private static final String SECRET = "qwwB-I7K2Mq567C9uidHO0sVIcY24MGHzNEfH8Tlmc8";
    private final RunCommands commands = RunCommands.of("ssl://broker.example:8883", "edgefleet/agent:0.1.0",
            "acme", "ep-k3v7q2mxa4td", SECRET);

    @Test
    void systemdUnitRunsTheJarWithTheJarCommandsFlagsAndItsOwnDataDirectory() {
        String execStart = line("ExecStart=");
        List<String> jarFlags = Arrays.asList(commands.jar().replace(" --secret " + SECRET, "")
                .replace("java -jar edgefleet-agent.jar ", "").split(" "));

        assertThat(execStart).startsWith("ExecStart=/usr/bin/java " + RunCommands.SYSTEMD_JVM_OPTIONS + " -jar "
                + RunCommands.SYSTEMD_JAR_PATH + " ");
        assertThat(Arrays.asList(execStart.split(" "))).containsSubsequence(jarFlags)
                .containsSubsequence("--data-dir", RunCommands.SYSTEMD_DATA_DIR);
        assertThat(line("StateDirectory=")).isEqualTo("StateDirectory=edgefleet-agent");
        assertThat(RunCommands.SYSTEMD_DATA_DIR).isEqualTo("/var/lib/edgefleet-agent");
        assertThat(line("Restart=")).isEqualTo("Restart=always");
        assertThat(line("SuccessExitStatus=")).isEqualTo("SuccessExitStatus=143");
        assertThat(line("WantedBy=")).isEqualTo("WantedBy=multi-user.target");
        assertThat(commands.systemd()).contains("[Unit]\n", "[Service]\n", "[Install]\n").endsWith("\n");
    }

    @Test
    @DisplayName("the unit runs the agent like edge-agent/packaging/edgefleet-agent.service: same JVM options, restart and exit rules")
    void systemdUnitMatchesThePackagedUnit() throws Exception {
        List<String> packaged = Files.readAllLines(PACKAGED_UNIT);
        String packagedExec = packaged.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();

        assertThat(packagedExec).isEqualTo("ExecStart=/usr/bin/java " + RunCommands.SYSTEMD_JVM_OPTIONS + " -jar "
                + RunCommands.SYSTEMD_JAR_PATH);
        for (String key : List.of("After=", "Wants=", "StateDirectory=", "SuccessExitStatus=", "Restart=", "RestartSec=",
                "WantedBy=")) {
            assertThat(line(key)).as(key).isEqualTo(packaged.stream().filter(l -> l.startsWith(key)).findFirst().orElseThrow());
        }
        assertThat(packaged).contains("Environment=EDGEFLEET_DATA_DIR=" + RunCommands.SYSTEMD_DATA_DIR + " MALLOC_ARENA_MAX=2");
        assertThat(commands.systemd()).contains("Environment=MALLOC_ARENA_MAX=2\n");
    }

    @Test
    void systemdUnitKeepsTheSecretOffTheCommandLine() {
        assertThat(line("ExecStart=")).doesNotContain(SECRET).doesNotContain("--secret");
        assertThat(commands.systemd()).contains("\nEnvironment=EDGEFLEET_ENDPOINT_SECRET=" + SECRET + "\n");
        assertThat(commands.systemd().lines().filter(l -> l.contains(SECRET))).hasSize(1);
        assertThat(commands.systemd()).contains("chmod 600 " + RunCommands.SYSTEMD_UNIT_PATH);
    }

    @Test
    void toStringAndJsonHideNothingButTheStringForm() {
        assertThat(commands.toString()).doesNotContain(SECRET);
        assertThat(commands.toJson().properties()).extracting(e -> e.getKey()).containsExactly("jar", "docker", "systemd");
        assertThat(commands.toJson().path("systemd").asText()).isEqualTo(commands.systemd());
    }

    @Test
    void theContractsExampleIsWhatTheRegistryAnswers() {
        JsonNode example = ContractExamples.rest("credential.valid").get("credential.valid.json");
        RunCommands answered = RunCommands.of("tcp://broker.example:1883", "edgefleet/agent:0.1.0", "default",
                example.path("endpointId").asText(), example.path("secret").asText());

        assertThat(example.path("runCommands")).isEqualTo(answered.toJson());
    }

    private String line(String prefix) {
        return commands.systemd().lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> {
            throw new AssertionError("two lines start with " + prefix + ": " + a + " / " + b);
        }).orElseThrow(() -> new AssertionError("no line starts with " + prefix + " in\n" + commands.systemd()));
    }
}

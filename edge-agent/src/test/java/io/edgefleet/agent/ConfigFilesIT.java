package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.appIn;
import static io.edgefleet.agent.AgentRig.phase;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec files written by the agent and bind-mounted into real containers, read back with docker exec. */
class ConfigFilesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest();

    private AgentRig rig;

    @BeforeEach
    void rig() throws Exception {
        rig = agent.rig();
    }

    private static String withFiles(String files) {
        String sleeper = sleeper(TestImages.BUSYBOX_1);
        return sleeper.substring(0, sleeper.length() - 1) + ", \"files\": " + files + "}";
    }

    @Test
    void aFileAppearsInTheContainerReadOnlyAndAChangedContentReplacesTheContainer() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, withFiles("""
                [{"path": "/etc/app/config.yaml", "content": "line: 3\\n"},
                 {"path": "/etc/app/key.bin", "content": "AAEC", "encoding": "base64", "mode": "0600"}]""")));
        JsonNode first = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String firstId = appIn(first, web).orElseThrow().path("containerId").asText();

        assertThat(docker("exec", web, "cat", "/etc/app/config.yaml")).isEqualTo("line: 3");
        assertThat(docker("exec", web, "sh", "-c", "od -An -tx1 /etc/app/key.bin | tr -d ' '")).isEqualTo("000102");
        assertThat(docker("exec", web, "stat", "-c", "%a", "/etc/app/key.bin")).isEqualTo("600");
        assertThat(docker("exec", web, "stat", "-c", "%a", "/etc/app/config.yaml")).isEqualTo("644");
        assertThat(DockerCli.tryDocker("exec", web, "sh", "-c", "echo x > /etc/app/config.yaml").exitCode())
                .as("the file is mounted read-only").isNotZero();
        Path appDir = rig.dataDir().resolve("files").resolve(web);
        assertThat(specDirs(appDir)).hasSize(1);

        rig.desired(2, appEntry(web, 2, withFiles("""
                [{"path": "/etc/app/config.yaml", "content": "line: 4\\n"}]""")));

        JsonNode second = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && phase(report, web, "Running") && appIn(report, web).orElseThrow().path("revision").asInt() == 2,
                TIMEOUT);
        assertThat(appIn(second, web).orElseThrow().path("containerId").asText()).isNotEqualTo(firstId);
        assertThat(docker("exec", web, "cat", "/etc/app/config.yaml")).isEqualTo("line: 4");
        assertThat(DockerCli.tryDocker("exec", web, "test", "-e", "/etc/app/key.bin").exitCode())
                .as("a file no longer in the spec is gone").isNotZero();
        assertThat(specDirs(appDir)).as("the previous spec's files were deleted").hasSize(1);
    }

    @Test
    void anAppWithABadFilePathFailsNamingItAndARemovedAppLeavesNoFilesBehind() throws Exception {
        String good = rig.app("good");
        String bad = rig.app("bad");
        rig.desired(1, appEntry(good, 1, withFiles("[{\"path\": \"/etc/a\", \"content\": \"a\"}]")) + ","
                + appEntry(bad, 1, withFiles("[{\"path\": \"/etc/a\", \"content\": \"1\"},"
                        + " {\"path\": \"/etc/a\", \"content\": \"2\"}]")));

        JsonNode state = rig.awaitState(report -> phase(report, good, "Running") && phase(report, bad, "Failed"),
                TIMEOUT);
        assertThat(appIn(state, bad).orElseThrow().path("message").asText())
                .contains("/files/1/path").contains("used by two files");
        assertThat(docker("exec", good, "cat", "/etc/a")).isEqualTo("a");
        assertThat(rig.dataDir().resolve("files").resolve(good)).isDirectory();

        rig.desired(2, "");

        rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && appIn(report, good).isEmpty(), TIMEOUT);
        assertThat(DockerCli.tryDocker("inspect", good).exitCode()).isNotZero();
        assertThat(rig.dataDir().resolve("files").resolve(good)).doesNotExist();
    }

    @Test
    void aOneMebibyteBinaryFileTravelsInTheDesiredDocumentAndArrivesWhole() throws Exception {
        String web = rig.app("big");
        byte[] content = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(content);
        String base64 = java.util.Base64.getEncoder().encodeToString(content);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));

        rig.desired(1, appEntry(web, 1, withFiles("[{\"path\": \"/data/model.bin\", \"content\": \"" + base64
                + "\", \"encoding\": \"base64\"}]")));

        rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        assertThat(docker("exec", web, "sha256sum", "/data/model.bin")).startsWith(sha);
    }

    private static java.util.List<Path> specDirs(Path appDir) throws Exception {
        try (Stream<Path> dirs = Files.list(appDir)) {
            return dirs.toList();
        }
    }
}

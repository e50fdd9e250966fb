package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's container image, built from edge-agent/Dockerfile, started with exactly the
 * {@code docker run} line the registry hands out for an endpoint.
 */
class AgentContainerIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();

    private final ApiClient api = PLATFORM.api();
    private String container;
    private String volume;

    @BeforeAll
    static void buildTheTestBaseImage() throws Exception {
        DockerEngine.ensureTestBaseImage();
    }

    @AfterEach
    void removeTheAgentContainer() throws Exception {
        if (container != null) {
            DockerEngine.run("docker", "rm", "-f", container);
            DockerEngine.run("docker", "volume", "rm", "-f", volume);
        }
    }

    @Test
    void registrysDockerRunCommandStartsAnAgentThatReportsTheMachinesFacts() throws Exception {
        JsonNode created = api.createEndpoint("container-agent", "{}");
        String id = created.path("id").asText();
        String command = created.path("runCommands").path("docker").asText();
        String image = command.substring(command.lastIndexOf(' ') + 1);
        DockerEngine.run(List.of("docker", "build", "-q", "--build-arg", "BASE_IMAGE=" + DockerEngine.TEST_BASE_IMAGE,
                "-t", image, "edge-agent"), DockerEngine.REPO);

        // the same line an operator pastes, with a name and volume of the test's own
        container = "edgefleet-agent-it-" + id;
        volume = "edgefleet-agent-data-" + id;
        String pasted = command
                .replace("--name edgefleet-agent ", "--name " + container + " ")
                .replace("-v edgefleet-agent-data:", "-v " + volume + ":");
        DockerEngine.run("sh", "-c", pasted);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.status(id).equals("online") && api.endpoint(id).path("facts").has("hostname"));
        JsonNode facts = api.endpoint(id).path("facts");
        assertThat(facts.path("hostname").asText()).isEqualTo(InetAddress.getLocalHost().getHostName());
        assertThat(facts.path("dockerVersion").asText()).isEqualTo(DockerEngine.serverVersion());

        DockerEngine.run("docker", "stop", container);
        await().atMost(Duration.ofSeconds(3)).until(() -> api.status(id).equals("offline"));
    }
}

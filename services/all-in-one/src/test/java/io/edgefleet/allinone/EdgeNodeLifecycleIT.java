package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first edge node, end to end through the real parts: the all-in-one jar, the gateway, the
 * registry, the broker with its auth extension, and the agent jar on this machine's Docker engine.
 */
class EdgeNodeLifecycleIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();

    @Test
    @DisplayName("agent online with facts in 3 s; kill -9 -> offline in 2 s; restart -> online; SIGTERM -> offline at once")
    void agentPresenceFollowsTheRealProcess() throws Exception {
        JsonNode created = api.createEndpoint("line-a-01", "{\"site\":\"qingdao\",\"line\":\"a\"}");
        String id = created.path("id").asText();
        assertThat(created.path("status").asText()).isEqualTo("pending");
        assertThat(created.path("runCommands").path("jar").asText()).contains("--endpoint-id " + id);

        Path data = PLATFORM.newDirectory("agent-" + id);
        try (AgentProcess agent = new AgentProcess(platform.brokerUrl(), "default", id,
                created.path("secret").asText(), data, 1).start()) {
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.status(id).equals("online") && !api.endpoint(id).path("facts").isNull()
                            && api.endpoint(id).path("facts").has("hostname"));
            JsonNode facts = api.endpoint(id).path("facts");
            assertThat(facts.path("cpuCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(facts.path("dockerVersion").asText()).isEqualTo(DockerEngine.serverVersion());
            assertThat(facts.path("hostname").asText()).isNotBlank();

            agent.kill();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.status(id).equals("offline"));

            agent.start();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.status(id).equals("online"));
            // the old session's Last Will must not flip the new session offline afterwards
            Thread.sleep(1500);
            assertThat(api.status(id)).isEqualTo("online");

            // the JVM reports SIGTERM as 143 (128 + 15) even after its shutdown hook ran to the end
            assertThat(agent.stop()).as("agent exit code after SIGTERM").isEqualTo(143);
            assertThat(Files.readString(agent.log())).contains("presence offline published", "agent stopped");
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.status(id).equals("offline"));
        }
    }
}

package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first edge node, end to end through the real parts: the all-in-one jar, the gateway, the
 * registry, the broker with its auth extension, and the agent jar on this machine's Docker engine.
 */
class EdgeNodeLifecycleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();

    @Test
    @DisplayName("agent online with facts; kill -9 -> offline through its Last Will; restart -> online; SIGTERM -> offline at once")
    void agentPresenceFollowsTheRealProcess() throws Exception {
        JsonNode created = api.createEndpoint("line-a-01", "{\"site\":\"qingdao\",\"line\":\"a\"}");
        String id = created.path("id").asText();
        assertThat(created.path("status").asText()).isEqualTo("pending");
        assertThat(created.path("runCommands").path("jar").asText()).contains("--endpoint-id " + id);

        Path data = PLATFORM.newDirectory("agent-" + id);
        // the offline events say how each offline came about: the broker's Last Will after kill -9 (cause
        // connection-lost), the agent's own offline presence after SIGTERM (graceful), never an expired lease
        String offlineEvents = "/api/v1/tenants/default/events?types=endpoint.offline";
        try (EventStreamClient events = new EventStreamClient(platform.gatewayUri(), offlineEvents, api.token());
             AgentProcess agent = new AgentProcess(platform.brokerUrl(), "default", id,
                created.path("secret").asText(), data, 1).start()) {
            assertThat(events.status()).isEqualTo(200);
            // bounds for a busy 2-core CI machine; on a quiet one it is online in about 2 s, offline within 1 s
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.status(id).equals("online") && !api.endpoint(id).path("facts").isNull()
                            && api.endpoint(id).path("facts").has("hostname"));
            JsonNode facts = api.endpoint(id).path("facts");
            assertThat(facts.path("cpuCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(facts.path("dockerVersion").asText()).isEqualTo(DockerEngine.serverVersion());
            assertThat(facts.path("hostname").asText()).isNotBlank();

            agent.kill();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.status(id).equals("offline"));
            await().atMost(Duration.ofSeconds(10)).until(() -> causes(events, id).size() == 1);
            assertThat(causes(events, id)).containsExactly("connection-lost");

            agent.start();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.status(id).equals("online"));
            // the old session's Last Will must not flip the new session offline afterwards
            Thread.sleep(1500);
            assertThat(api.status(id)).isEqualTo("online");

            // the JVM reports SIGTERM as 143 (128 + 15) even after its shutdown hook ran to the end
            assertThat(agent.stop()).as("agent exit code after SIGTERM").isEqualTo(143);
            assertThat(Files.readString(agent.log())).contains("presence offline published", "agent stopped");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.status(id).equals("offline"));
            await().atMost(Duration.ofSeconds(10)).until(() -> causes(events, id).size() == 2);
            assertThat(causes(events, id)).containsExactly("connection-lost", "graceful");
        }
    }

    /** The causes of the endpoint's offline events received so far, in order. */
    private static List<String> causes(EventStreamClient events, String id) throws Exception {
        List<String> causes = new ArrayList<>();
        for (String line : events.data()) {
            JsonNode data = JSON.readTree(line.substring("data: ".length())).path("data");
            if (data.path("endpointId").asText().equals(id)) {
                causes.add(data.path("cause").asText());
            }
        }
        return causes;
    }
}

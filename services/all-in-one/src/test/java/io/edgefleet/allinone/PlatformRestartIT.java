package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform (broker, registry, database) is stopped and started again on the same data: endpoints
 * and their presence survive, and a running agent comes back by itself.
 */
class PlatformRestartIT {

    @TempDir Path home;

    @Test
    void endpointsSurviveAndAgentsReconnectByThemselvesAfterAPlatformRestart() throws Exception {
        PlatformProcess platform = new PlatformProcess(home.resolve("platform")).start();
        ApiClient api = platform.admin();
        JsonNode created = api.createEndpoint("restart-01", "{\"site\":\"pune\"}");
        String id = created.path("id").asText();
        try (AgentProcess agent = new AgentProcess(platform.brokerUrl(), "default", id, created.path("secret").asText(),
                Files.createDirectories(home.resolve("agent")), 1).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.status(id).equals("online"));
            // the facts come with the agent's first state report, a moment after it is online: stored before the stop
            await().atMost(Duration.ofSeconds(10)).until(() -> !api.endpoint(id).path("facts").path("hostname").asText()
                    .isBlank());

            platform.stop();
            Thread.sleep(2000); // the agent is now retrying against a dead broker
            platform.start();
            ApiClient restarted = platform.admin();
            JsonNode after = restarted.endpoint(id);
            assertThat(after.path("name").asText()).isEqualTo("restart-01");
            assertThat(after.path("labels").path("site").asText()).isEqualTo("pune");
            assertThat(after.path("facts").path("hostname").asText()).isNotBlank();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> restarted.status(id).equals("online") && agent.isAlive());
        } finally {
            platform.close();
        }
    }
}

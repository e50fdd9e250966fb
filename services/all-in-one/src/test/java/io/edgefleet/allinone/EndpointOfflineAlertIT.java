package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endpoint-offline built-in end to end: a real agent, kill -9, the broker's Last Will, the telemetry service's
 * projection and evaluator, the alert read through the gateway.
 */
class EndpointOfflineAlertIT {

    private static final Duration EVALUATION = Duration.ofSeconds(15);
    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final ApiClient api = PLATFORM.api();

    @Test
    @DisplayName("kill -9 of the agent fires endpoint-offline within one evaluation past its threshold; a restart resolves it")
    void killingTheAgentFiresTheOfflineAlertAndARestartResolvesIt() throws Exception {
        JsonNode created = api.createEndpoint("press-07", "{\"site\":\"qingdao\"}");
        String id = created.path("id").asText();
        assertThat(api.call("PUT", "/api/v1/tenants/default/alert-rules/endpoint-offline", "{\"threshold\": 2}").status())
                .isEqualTo(200);
        Path data = PLATFORM.newDirectory("agent-" + id);
        try (AgentProcess agent = new AgentProcess(PLATFORM.process().brokerUrl(), "default", id,
                created.path("secret").asText(), data, 1).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.status(id).equals("online"));
            assertThat(alert(id, "firing")).isEmpty();

            agent.kill();
            JsonNode firing = await().atMost(EVALUATION.multipliedBy(2).plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alert(id, "firing"), Optional::isPresent).orElseThrow();
            assertThat(firing.path("severity").asText()).isEqualTo("critical");
            assertThat(firing.path("labels").path("alertname").asText()).isEqualTo("EndpointOffline");
            assertThat(firing.path("value").asDouble()).isGreaterThan(2);

            agent.start();
            await().atMost(EVALUATION.multipliedBy(2).plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alert(id, "resolved"), Optional::isPresent);
            assertThat(alert(id, "firing")).isEmpty();
        }
    }

    private Optional<JsonNode> alert(String endpoint, String state) throws Exception {
        ApiClient.Response page = api.call("GET", "/api/v1/tenants/default/alerts?state=" + state, null);
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
        return StreamSupport.stream(page.body().path("items").spliterator(), false)
                .filter(a -> a.path("rule").path("id").asText().equals("endpoint-offline")
                        && a.path("labels").path("endpoint").asText().equals(endpoint))
                .findFirst();
    }
}

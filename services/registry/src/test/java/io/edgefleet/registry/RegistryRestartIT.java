package io.edgefleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.registry.testing.StateReports;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The registry closed and deployed again on the same database and broker. */
class RegistryRestartIT {

    static RegistryHarness registry;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("endpoints, presence and facts survive a restart; what agents sent while the registry was down is applied after it")
    void stateSurvivesARestart() throws Exception {
        JsonNode created = registry.createEndpoint("survivor", "{\"site\":\"qingdao\"}");
        String id = created.path("id").asText();
        String pendingId = registry.createEndpoint("never-connected", null).path("id").asText();
        String topic = "edge/v1/default/" + id + "/";
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (MqttTestClient agent = registry.agent(id, created.path("secret").asText(), null)) {
            AtomicInteger seq = new AtomicInteger();
            // a 5 s interval gives a 15 s lease, longer than the restart takes
            beats.scheduleAtFixedRate(() -> agent.publish(topic + "heartbeat",
                    "{\"seq\":" + seq.getAndIncrement() + ",\"at\":\"" + Instant.now() + "\",\"intervalSeconds\":5}",
                    false), 0, 500, TimeUnit.MILLISECONDS);
            agent.publish(topic + "state", StateReports.withHostname(Instant.now().toString(), "survivor-host"), true);
            await().atMost(Duration.ofSeconds(3)).until(() -> registry.endpoint(id).path("facts").has("hostname"));
            JsonNode before = registry.endpoint(id);
            assertThat(before.path("status").asText()).isEqualTo("online");

            registry.stopRegistry();
            registry.deploy();

            JsonNode after = registry.endpoint(id);
            assertThat(after.path("status").asText()).isEqualTo("online");
            assertThat(after.path("statusSince")).isEqualTo(before.path("statusSince"));
            assertThat(after.path("labels")).isEqualTo(before.path("labels"));
            assertThat(after.path("facts")).isEqualTo(before.path("facts"));
            assertThat(registry.status(pendingId)).isEqualTo("pending");
            String seenAfterRestart = after.path("lastSeenAt").asText();
            await().atMost(Duration.ofSeconds(4)).until(() ->
                    Instant.parse(registry.endpoint(id).path("lastSeenAt").asText()).isAfter(Instant.parse(seenAfterRestart)));

            // what the agent says while the registry is down waits in the registry's broker session
            beats.shutdownNow();
            registry.stopRegistry();
            agent.publish(topic + "presence", "{\"status\":\"offline\",\"reason\":\"graceful\",\"at\":\"" + Instant.now() + "\"}", true);
            registry.deploy();
            await().atMost(Duration.ofSeconds(3)).until(() -> registry.status(id).equals("offline"));
        } finally {
            beats.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.offline", id).size() == 1);
        assertThat(registry.events("endpoint.offline", id).get(0).data().path("cause").asText()).isEqualTo("graceful");
        assertThat(registry.events("endpoint.online", id)).hasSize(1);
    }
}

package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Presence of a flapping endpoint through the real broker, with a 3 s flap grace. */
class PresenceFlapDampingIT {

    private static final int GRACE_SECONDS = 3;
    private static RegistryHarness registry;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start(Map.of(
                "EDGEFLEET_PRESENCE_FLAP_GRACE_SECONDS", Integer.toString(GRACE_SECONDS),
                "EDGEFLEET_PRESENCE_FLAP_WINDOW_SECONDS", "600"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String will(String connectionId) {
        return "{\"status\":\"offline\",\"reason\":\"connection-lost\",\"connectionId\":\"" + connectionId + "\"}";
    }

    @Test
    @DisplayName("first connection loss shows at once; the next ones of a flapping link wait the grace and vanish when the agent is back; a lasting one shows after the grace")
    void connectionLossesOfAFlappingEndpointAreDebounced() throws Exception {
        JsonNode created = registry.createEndpoint("flapping-1", null);
        String id = created.path("id").asText();
        String presence = "edge/v1/default/" + id + "/presence";
        try (MqttTestClient service = registry.service()) {
            service.publish(presence, PresenceIT.online("c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(id).equals("online"));

            // the first loss is news: a machine that died must show at once
            service.publish(presence, will("c1"), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(id).equals("offline"));
            service.publish(presence, PresenceIT.online("c2", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(id).equals("online"));

            // the link drops again and the agent is back within the grace: the console never sees it
            service.publish(presence, will("c2"), true);
            Thread.sleep(1000);
            assertThat(registry.status(id)).as("held within the grace").isEqualTo("online");
            service.publish(presence, PresenceIT.online("c3", Instant.now()), true);
            Thread.sleep((GRACE_SECONDS + 1) * 1000L);
            assertThat(registry.status(id)).as("after the grace, the agent being back").isEqualTo("online");
            await().atMost(Duration.ofSeconds(2)).until(() ->
                    registry.metric("edgefleet_registry_messages_ignored_total", "reason=\"flap-recovered\"") >= 1);

            // a loss that lasts shows once the grace is over
            long lost = System.nanoTime();
            service.publish(presence, will("c3"), true);
            await().atMost(Duration.ofSeconds(GRACE_SECONDS + 3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> registry.status(id).equals("offline"));
            assertThat((System.nanoTime() - lost) / 1_000_000).as("ms until offline")
                    .isGreaterThanOrEqualTo(GRACE_SECONDS * 1000L - 200);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.offline", id).size() == 2);
        assertThat(registry.metric("edgefleet_registry_presence_damped_total", "")).isGreaterThanOrEqualTo(2);
    }
}

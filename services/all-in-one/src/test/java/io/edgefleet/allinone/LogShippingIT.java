package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shipped container logs through the real broker, telemetry and gateway: an agent's log batch reaches the live tail
 * (SSE, filtered by container, own tenant only) and is found by the search API.
 */
class LogShippingIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();

    private static TenantWorld world;
    private static ApiClient viewer;
    private static ApiClient outsider;
    private static JsonNode endpoint;
    private static URI gateway;

    @BeforeAll
    static void tenants() throws Exception {
        world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        world.tenant("shipping");
        world.tenant("elsewhere");
        ApiClient operator = world.member("shipping", "operator", "oscar");
        viewer = world.member("shipping", "viewer", "vince");
        outsider = world.member("elsewhere", "tenant-admin", "eve");
        endpoint = world.endpoint(operator, "shipping", "press-7");
        gateway = PLATFORM.process().gatewayUri();
    }

    private static String batch(long seq, String container, String text) {
        return "{\"stream\":\"agentstream-1\",\"seq\":" + seq + ",\"sentAt\":\"" + Instant.now() + "\",\"lines\":[{\"at\":\""
                + Instant.now() + "\",\"container\":\"" + container + "\",\"app\":\"" + container
                + "\",\"stream\":\"stdout\",\"text\":\"" + text + "\"}]}";
    }

    @Test
    void anAgentsLogLinesReachTheLiveTailAndTheSearch() throws Exception {
        String id = endpoint.path("id").asText();
        String topic = "edge/v1/shipping/" + id + "/logs";
        Mqtt5BlockingClient agent = MqttAgentClient.connect(PLATFORM.process().mqttPort, id, id,
                endpoint.path("secret").asText());
        try (EventStreamClient all = new EventStreamClient(gateway, "/api/v1/tenants/shipping/logs/stream",
                     viewer.token());
             EventStreamClient webOnly = new EventStreamClient(gateway,
                     "/api/v1/tenants/shipping/logs/stream?endpoint=" + id + "&container=web", viewer.token());
             EventStreamClient foreign = new EventStreamClient(gateway, "/api/v1/tenants/elsewhere/logs/stream",
                     outsider.token());
             EventStreamClient snooping = new EventStreamClient(gateway, "/api/v1/tenants/shipping/logs/stream",
                     outsider.token())) {
            assertThat(all.status()).isEqualTo(200);
            assertThat(snooping.status()).isEqualTo(404);
            MqttAgentClient.publish(agent, topic, batch(1, "web", "GET /health 200"));
            MqttAgentClient.publish(agent, topic, batch(2, "db", "checkpoint complete"));
            MqttAgentClient.publish(agent, topic, "{\"stream\":\"agentstream-1\",\"seq\":3}");

            await().atMost(Duration.ofSeconds(10)).until(() -> all.data().size() == 2);
            assertThat(all.eventTypes()).containsExactly("logs", "logs");
            assertThat(all.data().get(0)).contains("\"endpoint\":\"" + id + "\"").contains("GET /health 200");
            assertThat(all.data().get(1)).contains("checkpoint complete");
            assertThat(webOnly.data()).hasSize(1).allSatisfy(line -> assertThat(line).contains("GET /health 200"));
            assertThat(foreign.data()).isEmpty();
        } finally {
            agent.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer.call("GET",
                "/api/v1/tenants/shipping/logs?q=HEALTH", null).body().path("lines").size() == 1);
        JsonNode found = viewer.call("GET", "/api/v1/tenants/shipping/logs?endpoint=" + id, null).body();
        assertThat(found.path("lines")).extracting(line -> line.path("text").asText())
                .containsExactly("checkpoint complete", "GET /health 200");
        assertThat(TenantWorld.isTenantNotFound(outsider.call("GET", "/api/v1/tenants/shipping/logs", null))).isTrue();
    }
}

package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.testing.TcpRelay;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.registry.testing.StateReports;
import io.edgefleet.schemas.JsonSchemas;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Presence, heartbeats, leases and state reports from agents connected through the real broker. */
class PresenceIT {

    static final String WILL = "{\"status\":\"offline\",\"reason\":\"connection-lost\"}";
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
    @DisplayName("online presence -> online at once; graceful offline presence -> offline at once; both with events")
    void presenceDrivesTheStatus() {
        Agent agent = Agent.create("presence-1");
        try (MqttTestClient client = registry.agent(agent.id, agent.secret, WILL)) {
            client.publish(agent.topic("presence"), online("c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));
            JsonNode endpoint = registry.endpoint(agent.id);
            assertThat(endpoint.path("statusSince").isNull()).isFalse();
            assertThat(endpoint.path("lastSeenAt").isNull()).isFalse();

            client.publish(agent.topic("presence"), offline("graceful", "c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("offline"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.offline", agent.id).size() == 1);
        assertThat(causes("endpoint.online", agent.id)).containsExactly("presence");
        assertThat(causes("endpoint.offline", agent.id)).containsExactly("graceful");
    }

    @Test
    @DisplayName("a heartbeat sent just before the graceful goodbye does not bring the endpoint back once flushed")
    void heartbeatJustBeforeGoodbyeDoesNotReviveTheEndpoint() throws Exception {
        Agent agent = Agent.create("goodbye-1");
        try (MqttTestClient client = registry.agent(agent.id, agent.secret, WILL)) {
            client.publish(agent.topic("presence"), online("c1", Instant.now()), true);
            client.publish(agent.topic("heartbeat"), heartbeat(0, 1), false);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));
            Thread.sleep(1200);

            client.publish(agent.topic("heartbeat"), heartbeat(1, 1), false);
            client.publish(agent.topic("presence"), offline("graceful", "c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("offline"));
        }
        Thread.sleep(2500);
        assertThat(registry.status(agent.id)).isEqualTo("offline");
        assertThat(causes("endpoint.online", agent.id)).containsExactly("presence");
        assertThat(causes("endpoint.offline", agent.id)).containsExactly("graceful");
    }

    @Test
    @DisplayName("a connection that dies without DISCONNECT (kill -9) -> the Last Will takes the endpoint offline within 2 s")
    void lastWillTakesTheEndpointOffline() throws Exception {
        Agent agent = Agent.create("will-1");
        try (TcpRelay relay = TcpRelay.to(registry.broker().port())) {
            MqttTestClient client = MqttTestClient.agent("127.0.0.1", relay.port(), "default", agent.id, agent.secret, WILL);
            client.publish(agent.topic("presence"), online("c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));

            relay.dropConnections();

            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("offline"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.offline", agent.id).size() == 1);
        assertThat(causes("endpoint.offline", agent.id)).containsExactly("connection-lost");
    }

    @Test
    @DisplayName("kill -9 and a quick restart: the old connection's Last Will does not leave the endpoint offline")
    void fastRestartEndsOnline() throws Exception {
        Agent agent = Agent.create("restart-1");
        try (TcpRelay relay = TcpRelay.to(registry.broker().port())) {
            MqttTestClient first = MqttTestClient.agent("127.0.0.1", relay.port(), "default", agent.id, agent.secret, WILL);
            first.publish(agent.topic("presence"), online("c1", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));

            relay.dropConnections();
            try (MqttTestClient second = registry.agent(agent.id, agent.secret, WILL)) {
                second.publish(agent.topic("presence"), online("c2", Instant.now()), true);
                for (int seq = 0; seq < 3; seq++) {
                    second.publish(agent.topic("heartbeat"), heartbeat(seq, 1), false);
                    Thread.sleep(1000);
                }
                await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));
                Thread.sleep(1500);
                assertThat(registry.status(agent.id)).isEqualTo("online");
                List<EventEnvelope> transitions = registry.events().stream()
                        .filter(e -> agent.id.equals(e.subject()) && e.shortType().matches("endpoint\\.(online|offline)"))
                        .toList();
                assertThat(transitions.get(transitions.size() - 1).shortType()).isEqualTo("endpoint.online");
            }
        }
    }

    @Test
    @DisplayName("a late Last Will that names an older connection is ignored; one without a connection id is undone by the next heartbeat")
    void lateWillIsResolvedByConnectionIdOrByTheNextHeartbeat() {
        Agent agent = Agent.create("late-will-1");
        try (MqttTestClient service = registry.service()) {
            service.publish(agent.topic("presence"), online("c2", Instant.now()), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));

            service.publish(agent.topic("presence"), "{\"status\":\"offline\",\"reason\":\"connection-lost\",\"connectionId\":\"c1\"}", true);
            await().atMost(Duration.ofSeconds(2)).until(() ->
                    registry.metric("edgefleet_registry_messages_ignored_total", "reason=\"stale\"") >= 1);
            assertThat(registry.status(agent.id)).isEqualTo("online");

            service.publish(agent.topic("presence"), WILL, true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("offline"));
            service.publish(agent.topic("heartbeat"), heartbeat(7, 10), false);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.online", agent.id).size() == 2);
        assertThat(causes("endpoint.online", agent.id)).containsExactly("presence", "heartbeat");
        assertThat(causes("endpoint.offline", agent.id)).containsExactly("connection-lost");
    }

    @Test
    @DisplayName("heartbeats every second hold the lease; when they stop the endpoint is offline 3-4.5 s after the last one")
    void leaseExpiresAfterThreeMissedHeartbeats() throws Exception {
        Agent agent = Agent.create("lease-1");
        Instant lastBeat;
        try (MqttTestClient client = registry.agent(agent.id, agent.secret, null)) {
            for (int seq = 0; seq < 5; seq++) {
                client.publish(agent.topic("heartbeat"), heartbeat(seq, 1), false);
                Thread.sleep(1000);
            }
            lastBeat = Instant.now().minusMillis(1000);
            JsonNode endpoint = registry.endpoint(agent.id);
            assertThat(endpoint.path("status").asText()).isEqualTo("online");
            assertThat(endpoint.path("heartbeatIntervalSeconds").asInt()).isEqualTo(1);
            assertThat(Instant.parse(endpoint.path("lastSeenAt").asText())).isAfter(lastBeat.minusMillis(1500));
        }
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> registry.status(agent.id).equals("offline"));
        Duration afterLastBeat = Duration.between(lastBeat, Instant.now());
        assertThat(afterLastBeat).isBetween(Duration.ofMillis(2900), Duration.ofMillis(4700));
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.offline", agent.id).size() == 1);
        assertThat(causes("endpoint.online", agent.id)).containsExactly("heartbeat");
        assertThat(causes("endpoint.offline", agent.id)).containsExactly("lease-expired");
    }

    @Test
    @DisplayName("state reports store facts; endpoint.facts-changed only when the facts differ")
    void stateStoresFactsAndReportsChanges() {
        Agent agent = Agent.create("state-1");
        try (MqttTestClient client = registry.agent(agent.id, agent.secret, null)) {
            client.publish(agent.topic("state"), StateReports.withHostname(Instant.now().toString(), "press-a"), true);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.endpoint(agent.id).path("facts").has("hostname"));
            JsonNode endpoint = registry.endpoint(agent.id);
            assertThat(endpoint.path("status").asText()).isEqualTo("online");
            assertThat(endpoint.path("facts").path("memoryBytes").asLong()).isEqualTo(8589934592L);
            assertThat(JsonSchemas.load().validate("rest/endpoint", endpoint)).isEmpty();

            client.publish(agent.topic("state"), StateReports.withHostname(Instant.now().toString(), "press-a"), true);
            client.publish(agent.topic("state"), StateReports.withHostname(Instant.now().toString(), "press-b"), true);
            await().atMost(Duration.ofSeconds(2)).until(() ->
                    registry.endpoint(agent.id).path("facts").path("hostname").asText().equals("press-b"));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> registry.events("endpoint.facts-changed", agent.id).size() == 2);
        assertThat(registry.events("endpoint.facts-changed", agent.id)).extracting(e -> e.data().path("facts").path("hostname").asText())
                .containsExactly("press-a", "press-b");
        assertThat(causes("endpoint.online", agent.id)).containsExactly("state");
        assertThat(registry.sql("SELECT observed_generation FROM registry.endpoints WHERE id = ?", agent.id).get(0)
                .get("observed_generation")).isEqualTo(0L);
    }

    @Test
    @DisplayName("malformed heartbeats and state reports are dead-lettered; a valid heartbeat afterwards still counts")
    void malformedMessagesAreDeadLetteredAndTheConsumerKeepsGoing() {
        Agent agent = Agent.create("malformed-1");
        int deadBefore = registry.deadLetters().size();
        try (MqttTestClient client = registry.agent(agent.id, agent.secret, null)) {
            client.publish(agent.topic("heartbeat"), "{not json", false);
            client.publish(agent.topic("heartbeat"), "{\"seq\":1,\"at\":\"yesterday\",\"intervalSeconds\":0}", false);
            client.publish(agent.topic("state"), "{\"observedGeneration\":-1}", true);
            client.publish(agent.topic("presence"), new byte[] {(byte) 0xff, (byte) 0xfe}, false);
            await().atMost(Duration.ofSeconds(3)).until(() -> registry.deadLetters().size() >= deadBefore + 4);

            client.publish(agent.topic("heartbeat"), heartbeat(2, 30), false);
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.status(agent.id).equals("online"));
        }
        List<JsonNode> letters = registry.deadLetters().subList(deadBefore, deadBefore + 4);
        letters.forEach(letter -> assertThat(JsonSchemas.load().validate("deadletter", letter)).isEmpty());
        assertThat(letters).extracting(l -> l.path("topic").asText()).containsExactlyInAnyOrder(
                agent.topic("heartbeat"), agent.topic("heartbeat"), agent.topic("state"), agent.topic("presence"));
        assertThat(letters).extracting(l -> l.path("reason").asText().split(":")[0])
                .contains("invalid-json", "schema");
        assertThat(registry.metric("edgefleet_messages_rejected_total", "service=\"registry\"")).isGreaterThanOrEqualTo(4);
        assertThat(registry.endpoint(agent.id).path("heartbeatIntervalSeconds").asInt()).isEqualTo(30);
    }

    @Test
    void messagesForUnknownEndpointsOrAForeignTenantAreIgnored() {
        Agent agent = Agent.create("tenant-1");
        double ignoredBefore = registry.metric("edgefleet_registry_messages_ignored_total", null);
        try (MqttTestClient service = registry.service()) {
            service.publish("edge/v1/default/ep-zzzzzzzzzzzz/presence", online("x", Instant.now()), false);
            service.publish("edge/v1/acme/" + agent.id + "/presence", online("x", Instant.now()), false);
            service.publish("edge/v1/acme/" + agent.id + "/heartbeat", heartbeat(1, 5), false);
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    registry.metric("edgefleet_registry_messages_ignored_total", null) >= ignoredBefore + 3);
        }
        assertThat(registry.metric("edgefleet_registry_messages_ignored_total", "reason=\"tenant-mismatch\"")).isGreaterThanOrEqualTo(2);
        assertThat(registry.metric("edgefleet_registry_messages_ignored_total", "reason=\"unknown-endpoint\"")).isGreaterThanOrEqualTo(1);
        assertThat(registry.status(agent.id)).isEqualTo("pending");
        assertThat(registry.sql("SELECT 1 FROM registry.endpoints WHERE id = 'ep-zzzzzzzzzzzz'")).isEmpty();
    }

    private static List<String> causes(String type, String id) {
        return registry.events(type, id).stream().map(e -> e.data().path("cause").asText()).toList();
    }

    static String online(String connectionId, Instant at) {
        return "{\"status\":\"online\",\"reason\":\"connected\",\"at\":\"" + at + "\",\"agentVersion\":\"0.1.0\","
                + "\"connectionId\":\"" + connectionId + "\"}";
    }

    static String offline(String reason, String connectionId, Instant at) {
        return "{\"status\":\"offline\",\"reason\":\"" + reason + "\",\"at\":\"" + at + "\",\"connectionId\":\""
                + connectionId + "\"}";
    }

    static String heartbeat(int seq, int intervalSeconds) {
        return "{\"seq\":" + seq + ",\"at\":\"" + Instant.now() + "\",\"intervalSeconds\":" + intervalSeconds
                + ",\"uptimeSeconds\":" + seq + "}";
    }

    /** An endpoint created through the API, with its secret. */
    record Agent(String id, String secret) {
        static Agent create(String name) {
            JsonNode created = registry.createEndpoint(name, null);
            return new Agent(created.path("id").asText(), created.path("secret").asText());
        }

        String topic(String kind) {
            return "edge/v1/default/" + id + "/" + kind;
        }
    }
}

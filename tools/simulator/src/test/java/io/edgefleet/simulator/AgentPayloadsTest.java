package io.edgefleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentPayloadsTest {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private static final String ENDPOINT = "ep-k3v7q2mxa4td";

    private static JsonNode wire(Object payload) throws IOException {
        return Json.mapper().readTree(Json.bytes(payload));
    }

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/examples/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void stateAfterTheSchemaExampleDesiredDocumentPassesTheStateSchemaWithEveryAppRunning() throws Exception {
        AgentPayloads payloads = new AgentPayloads(ENDPOINT, 5, 20, 100);
        List<AppStatus> apps = AgentPayloads.runningApps(example("desired.valid.json"), ENDPOINT);

        JsonNode state = wire(payloads.state(7, apps));

        assertThat(SCHEMAS.validate("state", state)).isEmpty();
        assertThat(state.path("observedGeneration").asLong()).isEqualTo(7);
        assertThat(state.path("apps").findValuesAsText("phase")).containsOnly("Running");
        assertThat(state.path("apps").findValuesAsText("name")).containsExactly("vision-inspector", "opcua-bridge");
        assertThat(state.path("containers")).hasSize(5 + 2);
    }

    @Test
    void metricsBatchPassesTheSchemaWithTheRequestedNumberOfDistinctSeries() throws Exception {
        for (int samples : new int[] {1, 20, 500}) {
            JsonNode batch = wire(new AgentPayloads(ENDPOINT, 3, samples, 0).metrics("3f0c2a9e-5b7d-4c1e", 42, 10));

            assertThat(SCHEMAS.validate("metrics", batch)).as(samples + " samples").isEmpty();
            assertThat(batch.path("samples")).hasSize(samples);
            Set<String> series = new HashSet<>();
            batch.path("samples").forEach(s -> series.add(s.path("metric").asText() + "/"
                    + s.path("container").asText() + "/" + s.path("device").asText()));
            assertThat(series).hasSize(samples);
        }
    }

    @Test
    void probeSeriesCarriesTheBatchSequenceNumber() throws Exception {
        JsonNode batch = wire(new AgentPayloads(ENDPOINT, 0, 5, 0).metrics("3f0c2a9e-5b7d-4c1e", 1234, 10));

        assertThat(batch.path("samples").path(0).path("metric").asText()).isEqualTo(AgentPayloads.PROBE_METRIC);
        assertThat(batch.path("samples").path(0).path("value").asLong()).isEqualTo(1234);
    }

    @Test
    void repliesToTheSchemaExampleCommandsPassTheReplySchema() throws Exception {
        for (String name : List.of("command.valid-restart.json", "command.valid-logs.json",
                "command.valid-inspect.json", "command.valid-stop.json")) {
            var command = (com.fasterxml.jackson.databind.node.ObjectNode) example(name);
            command.put("expiresAt", Instant.now().plusSeconds(60).toString());

            JsonNode reply = wire(AgentPayloads.reply(command, true));

            assertThat(SCHEMAS.validate("reply", reply)).as(name).isEmpty();
            assertThat(reply.path("status").asText()).as(name).isEqualTo("SUCCEEDED");
            assertThat(reply.path("commandId").asText()).isEqualTo(command.path("id").asText());
        }
    }

    @Test
    void commandForAnUnknownContainerIsNotFoundAndAnExpiredOneIsExpired() throws Exception {
        var command = (com.fasterxml.jackson.databind.node.ObjectNode) example("command.valid-restart.json");

        JsonNode expired = wire(AgentPayloads.reply(command, true));
        command.put("expiresAt", Instant.now().plusSeconds(60).toString());
        JsonNode missing = wire(AgentPayloads.reply(command, false));

        assertThat(expired.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(missing.path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(SCHEMAS.validate("reply", expired)).isEmpty();
        assertThat(SCHEMAS.validate("reply", missing)).isEmpty();
    }

    @Test
    void containerNamesOfBaseContainersAndAppsAreKnownToCommands() throws Exception {
        AgentPayloads payloads = new AgentPayloads(ENDPOINT, 2, 0, 0);
        List<AppStatus> apps = AgentPayloads.runningApps(example("desired.valid.json"), ENDPOINT);

        assertThat(payloads.hasContainer("sim-c1", apps)).isTrue();
        assertThat(payloads.hasContainer("opcua-bridge", apps)).isTrue();
        assertThat(payloads.hasContainer("sim-c2", apps)).isFalse();
    }

    @Test
    void presenceAndHeartbeatAsTheSimulatedAgentSendsThemPassTheirSchemas() throws Exception {
        assertThat(SCHEMAS.validate("presence", wire(Presence.online(Instant.now(), AgentPayloads.VERSION,
                "5f0e2a9b-0000-4000-8000-000000000000")))).isEmpty();
        assertThat(SCHEMAS.validate("presence", wire(Presence.connectionLost("c-1")))).isEmpty();
        assertThat(SCHEMAS.validate("heartbeat", wire(new Heartbeat(0, Instant.now(), 10, 3600)))).isEmpty();
    }
}

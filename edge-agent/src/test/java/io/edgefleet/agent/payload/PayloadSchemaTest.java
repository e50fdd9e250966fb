package io.edgefleet.agent.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.host.FactsCollector;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.testing.VersionOnlyRuntime;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every payload the agent builds matches the contract in edgefleet-schemas. */
class PayloadSchemaTest {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();

    @TempDir
    Path dataDir;

    private static void assertValid(String schema, Object payload) throws IOException {
        assertThat(SCHEMAS.validate(schema, PayloadsTest.json(payload))).as("%s %s", schema, payload).isEmpty();
    }

    @Test
    void presencePayloadsMatchThePresenceSchema() throws IOException {
        assertValid("presence", Presence.online(PayloadsTest.AT, "0.1.0-SNAPSHOT", "3f1c2b9e-0000-4000-8000-00000000000a"));
        assertValid("presence", Presence.graceful(PayloadsTest.AT));
        assertValid("presence", Presence.connectionLost("c0ffee00-0000-4000-8000-000000000002"));
    }

    @Test
    void heartbeatMatchesTheHeartbeatSchema() throws IOException {
        assertValid("heartbeat", new Heartbeat(0, PayloadsTest.AT, 3600, 0));
        assertValid("heartbeat", new Heartbeat(Long.MAX_VALUE, PayloadsTest.AT, 1, 123_456));
    }

    @Test
    void stateMatchesTheStateSchemaWithAndWithoutDocker() throws IOException {
        assertValid("state", StateReport.ofFacts(PayloadsTest.AT, PayloadsTest.facts("20.10.24+dfsg1")));
        assertValid("state", StateReport.ofFacts(PayloadsTest.AT, PayloadsTest.facts(null)));
    }

    @Test
    void factsOfThisVeryMachineMatchTheFactsSchema() throws IOException {
        ContainerRuntime noDocker = new VersionOnlyRuntime() {
            @Override
            public Optional<String> engineVersion() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        Facts facts = new FactsCollector(Path.of("/"), dataDir, noDocker, "dev").collect();

        assertValid("facts", facts);
    }

    @Test
    void theSchemaCatchesAPayloadThatBreaksTheContract() throws IOException {
        var broken = PayloadsTest.json(new Heartbeat(0, PayloadsTest.AT, 10, 5));
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("intervalSeconds", 0);

        assertThat(SCHEMAS.validate("heartbeat", broken)).extracting(JsonSchemas.Violation::field)
                .containsExactly("/intervalSeconds");
    }
}

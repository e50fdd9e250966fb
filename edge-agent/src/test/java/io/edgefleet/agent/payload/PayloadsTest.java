package io.edgefleet.agent.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    static final Instant AT = Instant.parse("2025-06-01T08:15:30.123456Z");

    static Facts facts(String dockerVersion) {
        return new Facts("line-3-press", "Debian GNU/Linux 12 (bookworm)", "amd64", "6.1.0-18-amd64", 4,
                8_192_000_000L, 100_000_000_000L, 40_000_000_000L, dockerVersion, "0.1.0",
                List.of("192.0.2.2", "fd00::2"), "Europe/Berlin");
    }

    static JsonNode json(Object payload) throws IOException {
        return Json.mapper().readTree(Json.bytes(payload));
    }

    @Test
    void onlinePresenceCarriesTimeReasonVersionAndConnectionId() throws IOException {
        assertThat(json(Presence.online(AT, "0.1.0", "c0ffee00-0000-4000-8000-000000000001"))).isEqualTo(
                Json.mapper().readTree("""
                        {"status":"online","at":"2025-06-01T08:15:30.123Z","reason":"connected",
                         "agentVersion":"0.1.0","connectionId":"c0ffee00-0000-4000-8000-000000000001"}"""));
    }

    @Test
    void gracefulAndLastWillPresenceHaveOnlyTheirFields() throws IOException {
        assertThat(json(Presence.graceful(AT))).isEqualTo(Json.mapper().readTree("""
                {"status":"offline","at":"2025-06-01T08:15:30.123Z","reason":"graceful"}"""));
        assertThat(json(Presence.connectionLost("c0ffee00-0000-4000-8000-000000000002"))).isEqualTo(Json.mapper().readTree("""
                {"status":"offline","reason":"connection-lost","connectionId":"c0ffee00-0000-4000-8000-000000000002"}"""));
    }

    @Test
    void heartbeatHasSeqTimeIntervalAndUptime() throws IOException {
        assertThat(json(new Heartbeat(0, AT, 10, 392))).isEqualTo(Json.mapper().readTree("""
                {"seq":0,"at":"2025-06-01T08:15:30.123Z","intervalSeconds":10,"uptimeSeconds":392}"""));
    }

    @Test
    void stateReportsFactsWithNoAppsOrContainersYet() throws IOException {
        JsonNode state = json(StateReport.ofFacts(AT, facts("20.10.24")));

        assertThat(state).isEqualTo(Json.mapper().readTree("""
                {"observedGeneration":0,"reportedAt":"2025-06-01T08:15:30.123Z","agentVersion":"0.1.0",
                 "facts":{"hostname":"line-3-press","os":"Debian GNU/Linux 12 (bookworm)","arch":"amd64",
                          "kernel":"6.1.0-18-amd64","cpuCores":4,"memoryBytes":8192000000,
                          "diskTotalBytes":100000000000,"diskFreeBytes":40000000000,"dockerVersion":"20.10.24",
                          "agentVersion":"0.1.0","ipAddresses":["192.0.2.2","fd00::2"],"timezone":"Europe/Berlin"},
                 "apps":[],"containers":[]}"""));
    }

    @Test
    void unreachableDockerIsAnExplicitNull() throws IOException {
        JsonNode facts = json(StateReport.ofFacts(AT, facts(null))).get("facts");

        assertThat(facts.has("dockerVersion")).isTrue();
        assertThat(facts.get("dockerVersion").isNull()).isTrue();
    }

    @Test
    void factsRoundTripThroughJson() throws IOException {
        Facts facts = facts(null);

        assertThat(Json.mapper().readValue(Json.bytes(facts), Facts.class)).isEqualTo(facts);
    }
}

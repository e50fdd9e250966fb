package io.edgefleet.agent;

import static io.edgefleet.agent.Observer.presence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.control.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged agent jar as its own process, stopped the hard way and the polite way. */
class AgentProcessIT {

    @TempDir
    Path temp;

    private final TestBroker.Credentials credentials = new TestBroker.Credentials();
    private final String endpointId = TestHost.newEndpointId();
    private final String secret = TestHost.newSecret();
    private final Topics topics = new Topics("default", endpointId);
    private TestBroker broker;
    private Observer observer;
    private Process agent;

    @BeforeEach
    void startBroker() throws Exception {
        credentials.allow(Observer.USERNAME, Observer.PASSWORD);
        credentials.allow(endpointId, secret);
        broker = TestBroker.start(temp.resolve("broker"), credentials);
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        observer.close();
        broker.close();
    }

    private JsonNode startAgentAndAwaitOnline() throws Exception {
        long started = System.nanoTime();
        agent = AgentJar.start(List.of(), Map.of(
                "EDGEFLEET_BROKER_URL", broker.url(),
                "EDGEFLEET_TENANT", "default",
                "EDGEFLEET_ENDPOINT_ID", endpointId,
                "EDGEFLEET_ENDPOINT_SECRET", secret,
                "EDGEFLEET_DATA_DIR", temp.resolve("agent-data").toString(),
                "EDGEFLEET_HEARTBEAT_INTERVAL_SECONDS", "1"), temp.resolve("agent-logs"));
        JsonNode online = observer.await(presence("online"), Duration.ofSeconds(30)).json();
        long toOnlineMillis = (System.nanoTime() - started) / 1_000_000;
        observer.await(message -> message.leaf().equals("state"), Duration.ofSeconds(10));
        System.out.printf("agent jar: first online after %d ms, RSS %d KiB after start%n", toOnlineMillis,
                AgentJar.rssKib(agent.pid()));
        return online;
    }

    @Test
    void aKilledAgentLeavesItsLastWillAsRetainedOfflinePresence() throws Exception {
        JsonNode online = startAgentAndAwaitOnline();
        assertThat(online.path("agentVersion").asText()).isEqualTo(AgentJar.VERSION);

        agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        JsonNode will = observer.await(presence("offline"), Duration.ofSeconds(10)).json();
        // the Will names the connection that died: the same id its online presence carried
        assertThat(will).isEqualTo(io.edgefleet.agent.payload.Json.mapper().readTree(
                "{\"status\":\"offline\",\"reason\":\"connection-lost\",\"connectionId\":\""
                        + online.path("connectionId").asText() + "\"}"));
        assertThat(Observer.retained(broker, topics.presence()).json()).isEqualTo(will);
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void sigtermMakesTheAgentReportItselfOfflineGracefully() throws Exception {
        startAgentAndAwaitOnline();

        agent.destroy();

        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        JsonNode offline = observer.await(presence("offline"), Duration.ofSeconds(5)).json();
        assertThat(offline.path("reason").asText()).isEqualTo("graceful");
        Thread.sleep(1000);
        assertThat(Observer.retained(broker, topics.presence()).json()).isEqualTo(offline);
        String log = Files.readString(temp.resolve("agent-logs/stdout.log"));
        assertThat(log).contains("presence offline published").contains("agent stopped").doesNotContain(secret);
        assertThat(log.lines()).allMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"), "one line per event");
        observer.assertAllPayloadsMatchTheirSchemas();
    }
}

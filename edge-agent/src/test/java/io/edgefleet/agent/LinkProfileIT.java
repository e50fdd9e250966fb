package io.edgefleet.agent;

import static io.edgefleet.agent.Observer.presence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.MqttControlChannel;
import io.edgefleet.agent.control.Topics;
import io.edgefleet.agent.host.FactsCollector;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.RuntimeEvent;
import io.edgefleet.agent.store.StateStore;
import io.edgefleet.agent.testing.VersionOnlyRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint's link profile as the agent gets it in its desired document ({@code link}): the broker sees the new keep
 * alive in the agent's next CONNECT and the attempts after a loss follow the new backoff; a restarted agent connects
 * with the stored document's settings. The agent runs against a real HiveMQ CE broker, without containers.
 */
class LinkProfileIT {

    @TempDir
    Path temp;

    private final TestBroker.Credentials credentials = new TestBroker.Credentials();
    private final String endpointId = TestHost.newEndpointId();
    private final String secret = TestHost.newSecret();
    private final Topics topics = new Topics("default", endpointId);
    private TestBroker broker;
    private Observer observer;
    private Agent agent;

    @BeforeEach
    void startBroker() throws Exception {
        credentials.allow(Observer.USERNAME, Observer.PASSWORD);
        broker = TestBroker.start(temp.resolve("broker"), credentials);
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null) {
            agent.close();
        }
        observer.close();
        broker.close();
    }

    @Test
    void theDesiredLinksKeepAliveAndBackoffApplyFromTheNextConnectAndAfterARestart() throws Exception {
        credentials.allow(endpointId, secret);
        agent = startAgent();
        observer.await(presence("online"), Duration.ofSeconds(15));
        assertThat(credentials.connects(endpointId)).extracting(TestBroker.Credentials.Connect::keepAliveSeconds)
                .containsExactly(30);

        observer.publish(topics.desired(), """
                {"endpoint": "%s", "generation": 1, "issuedAt": "%s", "apps": [],
                 "link": {"keepAliveSeconds": 45, "reconnectBackoff": {"initialSeconds": 1, "maxSeconds": 1}}}"""
                .formatted(endpointId, Instant.now()), true);
        observer.await(message -> message.leaf().equals("state")
                && message.json().path("observedGeneration").asLong() == 1, Duration.ofSeconds(10));
        // a connection that is up keeps its keep alive: no reconnect just for the new settings
        assertThat(credentials.connects(endpointId)).hasSize(1);

        // the link drops and the broker refuses the agent for a while
        credentials.allow(endpointId, "not-the-secret");
        observer.close();
        broker.stop();
        broker.startAgain();
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");
        await().atMost(Duration.ofSeconds(15)).until(() -> refused().size() >= 4);
        List<TestBroker.Credentials.Connect> refused = refused();
        assertThat(refused).extracting(TestBroker.Credentials.Connect::keepAliveSeconds).containsOnly(45);
        for (int i = 1; i < 4; i++) {
            // 1 s +-25 %; the default backoff would wait 2 s, then 4 s, then 8 s
            assertThat(Duration.ofNanos(refused.get(i).nanos() - refused.get(i - 1).nanos()))
                    .as("delay before refused attempt %d", i + 1).isBetween(Duration.ofMillis(600), Duration.ofMillis(1600));
        }
        credentials.allow(endpointId, secret);
        observer.await(presence("online"), Duration.ofSeconds(10));

        // a restarted agent opens its first connection with the settings of the document it stored
        agent.close();
        int before = credentials.connects(endpointId).size();
        agent = startAgent();
        await().atMost(Duration.ofSeconds(15)).until(() -> credentials.connects(endpointId).size() > before);
        assertThat(credentials.connects(endpointId).get(before).keepAliveSeconds()).isEqualTo(45);
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    private List<TestBroker.Credentials.Connect> refused() {
        return credentials.connects(endpointId).stream().filter(c -> !c.accepted()).toList();
    }

    private Agent startAgent() throws Exception {
        AgentConfig config = TestHost.config(broker, endpointId, secret, temp.resolve("agent-data"));
        Agent started = new Agent(config, new MqttControlChannel(config), new NoContainers(),
                StateStore.open(config.dataDir()),
                new FactsCollector(Path.of("/"), config.dataDir(), new NoContainers(), "dev"), Clock.systemUTC());
        started.connectAndSchedule("dev");
        return started;
    }

    /** A container engine that holds nothing and reports nothing: this test is about the connection only. */
    private record NoContainers() implements VersionOnlyRuntime {
        @Override
        public Optional<String> engineVersion() {
            return Optional.of("20.10.0-test");
        }

        @Override
        public List<ContainerInfo> list() {
            return List.of();
        }

        @Override
        public AutoCloseable events(Consumer<RuntimeEvent> listener) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    }
}

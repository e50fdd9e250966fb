package io.edgefleet.agent;

import static io.edgefleet.agent.Observer.presence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.MqttControlChannel;
import io.edgefleet.agent.control.Topics;
import io.edgefleet.agent.host.FactsCollector;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RuntimeEvent;
import io.edgefleet.agent.testing.VersionOnlyRuntime;
import io.edgefleet.agent.store.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in this JVM against a real HiveMQ CE broker and the machine's real Docker engine. */
class AgentIT {

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

    private AgentConfig config() {
        return TestHost.config(broker, endpointId, secret, temp.resolve("agent-data"));
    }

    @Test
    void announcesItselfOnlineReportsTheMachinesFactsAndBeatsEverySecond() throws Exception {
        credentials.allow(endpointId, secret);
        agent = Agent.start(config());

        JsonNode online = observer.await(presence("online"), Duration.ofSeconds(15)).json();
        assertThat(online.path("reason").asText()).isEqualTo("connected");
        assertThat(online.path("agentVersion").asText()).isEqualTo(AgentVersion.UNPACKAGED);
        assertThat(online.path("connectionId").asText()).matches("[0-9a-f-]{36}");

        JsonNode facts = observer.await(message -> message.leaf().equals("state"), Duration.ofSeconds(15))
                .json().path("facts");
        assertThat(facts.path("dockerVersion").asText()).isEqualTo(TestHost.dockerServerVersion());
        assertThat(facts.path("cpuCores").asLong()).isEqualTo(TestHost.processorsInProcCpuinfo());
        assertThat(facts.path("memoryBytes").asLong()).isEqualTo(TestHost.memTotalBytesInProcMeminfo());
        assertThat(facts.path("agentVersion").asText()).isEqualTo(AgentVersion.UNPACKAGED);

        await().atMost(Duration.ofSeconds(10)).until(() -> observer.on("heartbeat").size() >= 4);
        List<JsonNode> beats = observer.on("heartbeat").stream().map(Observer.Message::json).toList();
        for (int i = 0; i < beats.size(); i++) {
            assertThat(beats.get(i).path("seq").asLong()).isEqualTo(i);
            assertThat(beats.get(i).path("intervalSeconds").asInt()).isEqualTo(1);
        }
        List<Instant> sentAt = beats.stream().map(beat -> Instant.parse(beat.path("at").asText())).toList();
        for (int i = 1; i < sentAt.size(); i++) {
            // one beat may wait behind a Docker call on the agent's thread; the fixed rate catches up
            assertThat(Duration.between(sentAt.get(i - 1), sentAt.get(i)))
                    .isBetween(Duration.ofMillis(200), Duration.ofMillis(1800));
        }
        Duration average = Duration.between(sentAt.get(0), sentAt.get(sentAt.size() - 1))
                .dividedBy(sentAt.size() - 1);
        assertThat(average).isBetween(Duration.ofMillis(850), Duration.ofMillis(1150));
        assertThat(beats.get(beats.size() - 1).path("uptimeSeconds").asDouble())
                .isCloseTo(TestHost.procUptimeSeconds(), within(3.0));

        Observer.Message retainedPresence = Observer.retained(broker, topics.presence());
        assertThat(retainedPresence.json()).isEqualTo(online);
        Observer.Message retainedState = Observer.retained(broker, topics.state());
        assertThat(retainedState.json().path("facts").path("dockerVersion").asText())
                .isEqualTo(TestHost.dockerServerVersion());
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void closeLeavesARetainedGracefulOfflineAndNoLastWill() throws Exception {
        credentials.allow(endpointId, secret);
        agent = Agent.start(config());
        observer.await(presence("online"), Duration.ofSeconds(15));

        agent.close();

        JsonNode offline = observer.await(presence("offline"), Duration.ofSeconds(5)).json();
        assertThat(offline.path("reason").asText()).isEqualTo("graceful");
        assertThat(offline.has("at")).isTrue();
        Thread.sleep(1500);
        assertThat(observer.on("presence").stream().map(message -> message.json().path("reason").asText()))
                .doesNotContain("connection-lost");
        assertThat(Observer.retained(broker, topics.presence()).json()).isEqualTo(offline);
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void reconnectsByItselfAfterTheBrokerRestartsAndAnnouncesTheNewConnection() throws Exception {
        credentials.allow(endpointId, secret);
        agent = Agent.start(config());
        String firstConnection = observer.await(presence("online"), Duration.ofSeconds(15))
                .json().path("connectionId").asText();
        observer.close();

        broker.stop();
        Instant stoppedAt = Instant.now();
        Thread.sleep(2000);
        broker.startAgain();
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");

        JsonNode online = observer.await(message -> presence("online").test(message)
                && !message.json().path("connectionId").asText().equals(firstConnection), Duration.ofSeconds(30)).json();
        Instant onlineAt = Instant.parse(online.path("at").asText());
        assertThat(onlineAt).isAfter(stoppedAt);
        JsonNode state = observer.await(message -> message.leaf().equals("state")
                && Instant.parse(message.json().path("reportedAt").asText()).isAfter(stoppedAt),
                Duration.ofSeconds(10)).json();
        assertThat(state.path("facts").path("dockerVersion").asText()).isEqualTo(TestHost.dockerServerVersion());
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.on("heartbeat").size() >= 2);
        assertThat(observer.on("heartbeat")).allSatisfy(beat ->
                assertThat(Instant.parse(beat.json().path("at").asText())).as("heartbeats are not buffered offline")
                        .isAfterOrEqualTo(onlineAt.minusMillis(1000)));
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void aRefusedConnectIsRetriedWithBackoffUntilTheBrokerAcceptsTheSecret() throws Exception {
        agent = Agent.start(config());

        await().atMost(Duration.ofSeconds(15)).until(() -> credentials.refusals() >= 2);
        assertThat(observer.on("presence")).isEmpty();
        credentials.allow(endpointId, secret);

        observer.await(presence("online"), Duration.ofSeconds(20));
        observer.assertAllPayloadsMatchTheirSchemas();
    }

    /**
     * A container engine whose version the test decides, to change a fact on demand; it holds no containers and
     * reports no events, so the reconciler has nothing to do.
     */
    private record SwitchableRuntime(AtomicReference<Optional<String>> version) implements VersionOnlyRuntime {
        @Override
        public Optional<String> engineVersion() {
            return version.get();
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

    @Test
    void changedFactsArePublishedAgainAndRememberedAcrossRestarts() throws Exception {
        credentials.allow(endpointId, secret);
        AgentConfig config = config();
        AtomicReference<Optional<String>> engine = new AtomicReference<>(Optional.empty());
        StateStore store = StateStore.open(config.dataDir());
        agent = new Agent(config, new MqttControlChannel(config), new SwitchableRuntime(engine), store,
                new FactsCollector(Path.of("/"), config.dataDir(), new SwitchableRuntime(engine), "dev"),
                Clock.systemUTC());
        agent.connectAndSchedule("dev");

        JsonNode first = observer.await(message -> message.leaf().equals("state"), Duration.ofSeconds(15)).json();
        assertThat(first.path("facts").get("dockerVersion").isNull()).isTrue();
        engine.set(Optional.of("99.0.0-test"));

        observer.await(message -> message.leaf().equals("state")
                && message.json().path("facts").path("dockerVersion").asText().equals("99.0.0-test"),
                Duration.ofSeconds(5));
        agent.close();
        agent = null;

        try (StateStore reopened = StateStore.open(config.dataDir())) {
            assertThat(reopened.snapshot().connectionCount()).isEqualTo(1);
            assertThat(reopened.snapshot().lastPublishedFacts().dockerVersion()).isEqualTo("99.0.0-test");
        }
        assertThat(observer.on("state").get(0).json().path("facts").get("dockerVersion").isNull()).isTrue();
        observer.assertAllPayloadsMatchTheirSchemas();
    }
}

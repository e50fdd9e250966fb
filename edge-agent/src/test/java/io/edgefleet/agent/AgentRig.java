package io.edgefleet.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.control.Topics;
import io.edgefleet.agent.reconcile.ReconcileSettings;
import io.edgefleet.agent.testing.DockerLeftovers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One agent in this JVM against a real HiveMQ CE broker and the machine's Docker engine, with the platform's side of
 * the conversation: publishing desired documents and commands, and watching state and replies. App names carry the
 * run's prefix from {@link DockerLeftovers}, so cleaning up never touches anybody else's containers.
 */
final class AgentRig implements AutoCloseable {

    static final Duration WATCH_WINDOW = Duration.ofSeconds(3);

    private final Path temp;
    private final DockerLeftovers docker;
    private final TestBroker.Credentials credentials = new TestBroker.Credentials();
    private final String endpointId = TestHost.newEndpointId();
    private final String secret = TestHost.newSecret();
    private final Topics topics = new Topics("default", endpointId);
    private TestBroker broker;
    private Observer observer;
    private Agent agent;

    AgentRig(Path temp, DockerLeftovers docker) throws Exception {
        this.temp = temp;
        this.docker = docker;
        credentials.allow(Observer.USERNAME, Observer.PASSWORD);
        credentials.allow(endpointId, secret);
        broker = TestBroker.start(temp.resolve("broker"), credentials);
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");
    }

    String endpointId() {
        return endpointId;
    }

    /** The app name {@code suffix} with this run's prefix. */
    String app(String suffix) {
        return docker.name(suffix);
    }

    AgentConfig config() {
        return config(ReconcileSettings.DEFAULTS.withWatchWindow(WATCH_WINDOW));
    }

    AgentConfig config(ReconcileSettings settings) {
        return TestHost.config(broker, endpointId, secret, temp.resolve("agent-data")).withReconcile(settings);
    }

    Path dataDir() {
        return temp.resolve("agent-data");
    }

    void startAgent() throws Exception {
        agent = Agent.start(config());
    }

    void startAgent(ReconcileSettings settings) throws Exception {
        agent = Agent.start(config(settings));
    }

    void startAgent(AgentConfig config) throws Exception {
        agent = Agent.start(config);
    }

    int brokerPort() {
        return broker.port();
    }

    void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** Stops the broker; sessions, queued messages and retained ones stay in its folder. */
    void stopBroker() throws Exception {
        observer.close();
        broker.stop();
    }

    /** Starts the broker again on the same port and folder, with a fresh observer that sees only new messages. */
    void startBroker() throws Exception {
        broker.startAgain();
        observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#");
    }

    Observer observer() {
        return observer;
    }

    /** Publishes a retained desired document for this endpoint with the given apps (a JSON array's items). */
    void desired(long generation, String apps) throws Exception {
        desired(generation, apps, "");
    }

    /** The same with registry credentials (a JSON array's items). */
    void desired(long generation, String apps, String registries) throws Exception {
        publishDesired("""
                {"endpoint": "%s", "generation": %d, "issuedAt": "%s", "apps": [%s], "registries": [%s]}"""
                .formatted(endpointId, generation, Instant.now(), apps, registries));
    }

    void publishDesired(String document) throws Exception {
        observer.publish(topics.desired(), document, true);
    }

    /** An app entry of a desired document. */
    static String appEntry(String name, int revision, String spec) {
        return "{\"name\": \"%s\", \"revision\": %d, \"spec\": %s}".formatted(name, revision, spec);
    }

    /** A spec of {@code image} running {@code sleep} under Docker's init, so that it stops at once. */
    static String sleeper(String image) {
        return "{\"image\": \"%s\", \"pullPolicy\": \"never\", \"command\": [\"sleep\", \"3600\"], \"init\": true}"
                .formatted(image);
    }

    /** Publishes a command of {@code type} on {@code container}, issued now and expiring in a minute. */
    void command(String id, String type, String container, String args) throws Exception {
        Instant now = Instant.now();
        publishCommand("""
                {"id": "%s", "type": "%s", "target": {"container": "%s"}, "args": %s,
                 "issuedAt": "%s", "expiresAt": "%s", "issuedBy": "user:test"}"""
                .formatted(id, type, container, args, now, now.plusSeconds(60)));
    }

    void publishCommand(String json) throws Exception {
        observer.publish(topics.commands(), json, false);
    }

    /**
     * Waits for a state report published since the observer subscribed (not the retained replay of an older one) that
     * satisfies {@code condition}, and returns it.
     */
    JsonNode awaitState(Predicate<JsonNode> condition, Duration timeout) {
        return observer.await(message -> message.leaf().equals("state") && !message.retained()
                && condition.test(message.json()), timeout).json();
    }

    /** Waits for the reply to command {@code id}. */
    JsonNode awaitReply(String id, Duration timeout) {
        return observer.await(message -> message.leaf().equals("replies")
                && message.json().path("commandId").asText().equals(id), timeout).json();
    }

    /** How many replies to command {@code id} arrived. */
    long replies(String id) {
        return observer.on("replies").stream()
                .filter(message -> message.json().path("commandId").asText().equals(id)).count();
    }

    /** The status of app {@code name} in a state report. */
    static Optional<JsonNode> appIn(JsonNode state, String name) {
        for (JsonNode app : state.path("apps")) {
            if (app.path("name").asText().equals(name)) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    /** Whether app {@code name} has {@code phase} in a state report. */
    static boolean phase(JsonNode state, String name, String phase) {
        return appIn(state, name).map(app -> app.path("phase").asText().equals(phase)).orElse(false);
    }

    @Override
    public void close() throws Exception {
        stopAgent();
        observer.close();
        broker.close();
    }
}

package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Desired state and a command reach the real agent through the real broker and its ACL, and change
 * what runs on this machine's Docker engine; the agent's state report brings what runs back to the REST API
 * ({@code GET .../endpoints/{id}/containers} through the gateway).
 */
class AgentRunsAppsIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = DockerEngine.TEST_BASE_IMAGE;
    private static final String APP = "e2e-sleeper";

    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();
    private final Map<String, JsonNode> replies = new ConcurrentHashMap<>();
    private Mqtt5BlockingClient operator;
    private AgentProcess agent;

    @BeforeAll
    static void localImage() throws Exception {
        // a small image built on this machine (no registry is reachable): busybox provides sleep
        DockerEngine.ensureTestBaseImage();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.close();
        }
        DockerEngine.run("sh", "-c", "docker rm -f " + APP + " >/dev/null 2>&1 || true");
        if (operator != null) {
            operator.disconnect();
        }
    }

    @Test
    void desiredStateRunsTheAppAndACommandStopsIt() throws Exception {
        JsonNode created = api.createEndpoint("apps-01", "{}");
        String id = created.path("id").asText();
        String base = "edge/v1/default/" + id;
        agent = new AgentProcess(platform.brokerUrl(), "default", id, created.path("secret").asText(),
                PLATFORM.newDirectory("agent-" + id), 1).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.status(id).equals("online"));

        operator = MqttAgentClient.connect(platform.mqttPort, "operator-e2e", "svc:" + PlatformProcess.OPERATOR,
                PlatformProcess.OPERATOR_SECRET);
        operator.toAsync().subscribeWith().topicFilter(base + "/replies").qos(MqttQos.AT_LEAST_ONCE)
                .callback(message -> {
                    JsonNode reply = parse(message.getPayloadAsBytes());
                    replies.put(reply.path("commandId").asText(), reply);
                })
                .send().get();

        String desired = """
                {"endpoint": "%s", "generation": 1, "issuedAt": "%s", "apps": [{"name": "%s", "revision": 1,
                  "spec": {"image": "%s", "pullPolicy": "never", "command": ["sleep", "3600"],
                           "memoryLimitMiB": 64, "env": {"LINE": "A"}}}]}
                """.formatted(id, Instant.now(), APP, IMAGE);
        operator.publishWith().topic(base + "/desired").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                .payload(desired.getBytes(StandardCharsets.UTF_8)).send();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> containerState().equals("running"));
        assertThat(DockerEngine.run("docker", "inspect", "--format", "{{.HostConfig.Memory}}", APP))
                .isEqualTo(Long.toString(64L * 1024 * 1024));
        assertThat(DockerEngine.run("docker", "inspect", "--format", "{{json .Config.Env}}", APP)).contains("LINE=A");

        // what the agent reported reaches the registry and the public API: the container, the app's phase, the version
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> reportedState(id).equals("running"));
        JsonNode reported = containers(id);
        JsonNode container = reportedContainer(reported).orElseThrow();
        assertThat(container.path("image").asText()).isEqualTo(IMAGE);
        assertThat(container.path("managed").asBoolean()).isTrue();
        assertThat(container.path("app").asText()).isEqualTo(APP);
        assertThat(container.path("id").asText()).startsWith(DockerEngine.run("docker", "inspect", "--format",
                "{{.Id}}", APP).substring(0, 12));
        assertThat(reported.path("reportedAt").isNull()).isFalse();
        assertThat(reported.path("apps")).anySatisfy(app -> {
            assertThat(app.path("name").asText()).isEqualTo(APP);
            assertThat(app.path("revision").asInt()).isEqualTo(1);
        });
        JsonNode endpoint = api.endpoint(id);
        assertThat(endpoint.path("agentVersion").asText()).isEqualTo(agentJarVersion());
        assertThat(endpoint.path("observedGeneration").asLong()).isEqualTo(1);

        String command = """
                {"id": "e2e-stop-1", "type": "container.stop", "target": {"container": "%s"},
                 "args": {"timeoutSeconds": 2}, "issuedAt": "%s", "expiresAt": "%s", "issuedBy": "e2e"}
                """.formatted(APP, Instant.now(), Instant.now().plusSeconds(60));
        operator.publishWith().topic(base + "/commands").qos(MqttQos.AT_LEAST_ONCE)
                .payload(command.getBytes(StandardCharsets.UTF_8)).send();

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.containsKey("e2e-stop-1"));
        assertThat(replies.get("e2e-stop-1").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(containerState()).isEqualTo("exited");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> reportedState(id).equals("exited"));
    }

    private JsonNode containers(String id) throws Exception {
        ApiClient.Response response = api.call("GET", "/api/v1/tenants/default/endpoints/" + id + "/containers", null);
        assertThat(response.status()).as("containers of %s: %s", id, response.body()).isEqualTo(200);
        return response.body();
    }

    private static Optional<JsonNode> reportedContainer(JsonNode reported) {
        for (JsonNode container : reported.path("containers")) {
            if (container.path("name").asText().equals(APP)) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    // the Docker state of the app's container as the newest state report says, "absent" when it names none
    private String reportedState(String id) throws Exception {
        return reportedContainer(containers(id)).map(c -> c.path("state").asText()).orElse("absent");
    }

    // what the agent reports as its version: the Implementation-Version of the jar the test runs
    private static String agentJarVersion() throws Exception {
        try (JarFile jar = new JarFile(System.getProperty("edgefleet.agentJar", "../../edge-agent/target/edgefleet-agent.jar"))) {
            String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            assertThat(version).as("Implementation-Version of the agent jar").isNotBlank();
            return version;
        }
    }

    private static String containerState() throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Status}}' " + APP + " 2>/dev/null || echo absent");
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a reply that is not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }
}

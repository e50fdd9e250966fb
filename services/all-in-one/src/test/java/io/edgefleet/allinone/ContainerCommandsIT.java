package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Container commands through the gateway reach a real agent and act on the real Docker container of a deployed app:
 * stop really stops it, start starts it again, logs return what the container wrote, inspect returns Docker's
 * document; each call answers with the agent's reply and leaves an entry in the tenant's audit log.
 */
class ContainerCommandsIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "cmd-echo";
    private static final String PREFIX = "cmdit-a_";
    private static final String CONTAINER = PREFIX + APP;
    private static AgentProcess agent;
    private static String endpoint;

    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void agentWithApp() throws Exception {
        DockerEngine.ensureTestBaseImage();
        removeContainer();
        ApiClient api = PLATFORM.api();
        JsonNode created = api.createEndpoint("cmd-0", "{\"role\":\"commands\"}");
        endpoint = created.path("id").asText();
        agent = new AgentProcess(PLATFORM.process().brokerUrl(), "default", endpoint, created.path("secret").asText(),
                PLATFORM.newDirectory("agent-" + endpoint), 2, PREFIX).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.status(endpoint).equals("online"));

        ObjectNode app = JSON.createObjectNode().put("name", APP);
        ObjectNode spec = app.putObject("spec").put("image", DockerEngine.TEST_BASE_IMAGE).put("pullPolicy", "never")
                .put("memoryLimitMiB", 16);
        spec.putArray("command").add("sh").add("-c").add("echo first-line; echo second-line; exec sleep 3600");
        app.putObject("target").putArray("endpoints").add(endpoint);
        ApiClient.Response deployed = api.call("POST", "/api/v1/tenants/default/apps", app.toString());
        assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> state().equals("running"));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
        removeContainer();
    }

    private static void removeContainer() throws Exception {
        DockerEngine.run("sh", "-c", "docker rm -f " + CONTAINER + " >/dev/null 2>&1 || true");
    }

    private static String state() throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Status}}' " + CONTAINER
                + " 2>/dev/null || echo absent").strip();
    }

    private String containerPath() {
        return "/api/v1/tenants/default/endpoints/" + endpoint + "/containers/" + CONTAINER;
    }

    @Test
    void stopStartLogsAndInspectActOnTheRealContainerAndAreAudited() throws Exception {
        List<String> commandIds = new ArrayList<>();

        ApiClient.Response stopped = api.call("POST", containerPath() + "/actions/stop", "{\"timeoutSeconds\":1}");
        assertThat(stopped.status()).as(String.valueOf(stopped.body())).isEqualTo(200);
        assertThat(stopped.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state()).isEqualTo("exited");
        commandIds.add(stopped.body().path("id").asText());
        // the agent leaves a container an operator stopped alone
        Thread.sleep(3000);
        assertThat(state()).isEqualTo("exited");

        ApiClient.Response started = api.call("POST", containerPath() + "/actions/start", null);
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(200);
        assertThat(started.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state()).isEqualTo("running");
        commandIds.add(started.body().path("id").asText());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ApiClient.Response logs = api.call("GET", containerPath() + "/logs?tail=2", null);
            assertThat(logs.status()).as(String.valueOf(logs.body())).isEqualTo(200);
            assertThat(logs.body().path("reply").path("output").path("lines").toString())
                    .isEqualTo("[\"first-line\",\"second-line\"]");
            commandIds.add(logs.body().path("id").asText());
        });

        ApiClient.Response inspected = api.call("GET", containerPath() + "/inspect", null);
        assertThat(inspected.status()).as(String.valueOf(inspected.body())).isEqualTo(200);
        JsonNode document = inspected.body().path("reply").path("output");
        assertThat(document.path("Name").asText()).isEqualTo("/" + CONTAINER);
        assertThat(document.path("State").path("Running").asBoolean()).isTrue();
        commandIds.add(inspected.body().path("id").asText());

        ApiClient.Response missing = api.call("POST", "/api/v1/tenants/default/endpoints/" + endpoint
                + "/containers/cmdit-none/actions/restart", null);
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.body().path("status").asText()).isEqualTo("NOT_FOUND");

        JsonNode listed = api.call("GET", "/api/v1/tenants/default/commands?endpoint=" + endpoint, null).body();
        assertThat(listed.path("items").findValuesAsText("id")).containsAll(commandIds);

        for (String action : List.of("containers.action", "containers.logs", "containers.inspect")) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode audit = api.call("GET", "/api/v1/tenants/default/audit?action=" + action, null).body();
                assertThat(audit.path("items").findValuesAsText("target")).as(action)
                        .anyMatch(target -> target.startsWith(containerPath()));
            });
        }
        JsonNode actions = api.call("GET", "/api/v1/tenants/default/audit?action=containers.action&limit=100", null).body();
        assertThat(actions.path("items").findValuesAsText("target"))
                .contains(containerPath() + "/actions/stop", containerPath() + "/actions/start");
    }
}

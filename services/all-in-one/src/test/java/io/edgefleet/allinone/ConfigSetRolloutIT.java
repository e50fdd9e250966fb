package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Config sets and registries end to end, through the gateway, the deployment service, the broker and real agents on
 * this machine's Docker engine: the set's entries are the container's environment and its file is mounted in it,
 * a new version of the set restarts the container with the new values, and registry credentials reach only the
 * endpoint whose app uses the registry.
 */
class ConfigSetRolloutIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "cfg-reader";
    private static final String[] PREFIXES = {"cfg-a_", "cfg-b_"};
    private static final String[] IDS = new String[2];
    private static final Path[] DATA = new Path[2];
    private static final List<AgentProcess> AGENTS = new ArrayList<>();
    private static final String SETS = "/api/v1/tenants/default/config-sets";
    private static final String APPS = "/api/v1/tenants/default/apps";

    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void twoAgents() throws Exception {
        DockerEngine.ensureTestBaseImage();
        removeContainers();
        ApiClient api = PLATFORM.api();
        for (int i = 0; i < 2; i++) {
            JsonNode created = api.createEndpoint("cfg-" + i, "{\"role\":\"cfg-" + i + "\"}");
            IDS[i] = created.path("id").asText();
            DATA[i] = PLATFORM.newDirectory("agent-" + IDS[i]);
            AGENTS.add(new AgentProcess(PLATFORM.process().brokerUrl(), "default", IDS[i],
                    created.path("secret").asText(), DATA[i], 2, PREFIXES[i])
                    .withArgs("--watch-window", "3").start()); // each set update waits for a switchover's window
        }
        for (String id : IDS) {
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status(id).equals("online"));
        }
    }

    @AfterAll
    static void stopAgents() throws Exception {
        for (AgentProcess agent : AGENTS) {
            agent.close();
        }
        removeContainers();
    }

    private static void removeContainers() throws Exception {
        for (String prefix : PREFIXES) {
            DockerEngine.run("sh", "-c", "docker rm -f " + prefix + APP + " " + prefix + "pulls-private " + prefix + "plain-app"
                    + " >/dev/null 2>&1 || true");
        }
    }

    private static String inside(String container) throws Exception {
        return DockerEngine.run("sh", "-c", "docker exec " + container
                + " sh -c 'echo \"$PLC_HOST|$LINE\"; cat /etc/plc/plc.yaml' 2>/dev/null || echo absent").strip();
    }

    private static String containerId(String container) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.Id}}' " + container
                + " 2>/dev/null || echo absent").strip();
    }

    private static ObjectNode app(String name, String endpoint) {
        ObjectNode app = JSON.createObjectNode().put("name", name);
        ObjectNode spec = app.putObject("spec").put("image", DockerEngine.TEST_BASE_IMAGE).put("pullPolicy", "never")
                .put("memoryLimitMiB", 32).put("init", true);
        spec.putArray("command").add("sleep").add("3600");
        spec.putObject("env").put("LINE", "3");
        app.putObject("target").putArray("endpoints").add(endpoint);
        return app;
    }

    @Test
    void aSetUpdateRestartsTheContainerWithTheNewEnvAndFile() throws Exception {
        ApiClient.Response set = api.call("POST", SETS, "{\"name\":\"plc\",\"entries\":{\"PLC_HOST\":\"10.0.3.5\","
                + "\"LINE\":\"from-set\"},\"files\":{\"plc.yaml\":\"port: 502\\n\"}}");
        assertThat(set.status()).as(String.valueOf(set.body())).isEqualTo(201);
        ObjectNode app = app(APP, IDS[0]);
        app.putArray("configSets").addObject().put("name", "plc").put("mountPath", "/etc/plc");
        ApiClient.Response created = api.call("POST", APPS, app.toString());
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String container = PREFIXES[0] + APP;

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> inside(container).equals("10.0.3.5|3\nport: 502"));
        String firstId = containerId(container);

        ApiClient.Response updated = api.call("PUT", SETS + "/plc", "{\"entries\":{\"PLC_HOST\":\"10.0.3.6\","
                + "\"LINE\":\"from-set\"},\"files\":{\"plc.yaml\":\"port: 503\\n\"}}");
        assertThat(updated.status()).as(String.valueOf(updated.body())).isEqualTo(200);
        assertThat(updated.body().path("version").asInt()).isEqualTo(2);
        assertThat(updated.body().at("/appsUpdated/0/revision").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> inside(container).equals("10.0.3.6|3\nport: 503"));
        assertThat(containerId(container)).as("a new container runs the new values").isNotEqualTo(firstId);
        JsonNode revisions = api.call("GET", APPS + "/" + APP + "/revisions", null).body().path("items");
        assertThat(revisions.get(0).path("createdBy").asText()).isEqualTo("config-set:plc@2");
        assertThat(api.call("DELETE", SETS + "/plc", null).status()).as("the app still uses it").isEqualTo(409);

        assertThat(api.call("DELETE", APPS + "/" + APP, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> containerId(container).equals("absent"));
        assertThat(DATA[0].resolve("files").resolve(APP)).as("the agent dropped the app's files").doesNotExist();
        assertThat(api.call("DELETE", SETS + "/plc", null).status()).isEqualTo(204);
    }

    @Test
    void theGatewayLetsA1MiBConfigSetFileThroughWhileOtherBodiesKeepTheirLimit() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", "firmware-notes");
        body.putObject("files").put("notes.txt", "n".repeat(1024 * 1024));
        ObjectNode huge = JSON.createObjectNode().put("name", "huge");
        huge.putObject("files").put("a.txt", "h".repeat(25 * 1024 * 1024));
        ObjectNode bigApp = app("too-big", IDS[0]);
        ((ObjectNode) bigApp.get("spec")).putObject("labels").put("blob", "b".repeat(1024 * 1024));

        assertThat(api.call("POST", SETS, body.toString()).status()).isEqualTo(201);
        assertThat(api.call("POST", SETS, huge.toString()).status()).isEqualTo(413);
        assertThat(api.call("POST", APPS, bigApp.toString()).status()).isEqualTo(413);
        assertThat(api.call("DELETE", SETS + "/firmware-notes", null).status()).isEqualTo(204);
    }

    @Test
    void registryCredentialsReachOnlyTheEndpointWhoseAppUsesTheRegistry() throws Exception {
        String password = "token-" + UUID.randomUUID();
        ApiClient.Response registry = api.call("POST", "/api/v1/tenants/default/registries",
                "{\"name\":\"factory\",\"host\":\"127.0.0.1:5999\",\"username\":\"ci\",\"password\":\"" + password + "\"}");
        assertThat(registry.status()).as(String.valueOf(registry.body())).isEqualTo(201);
        assertThat(registry.body().toString()).doesNotContain(password);
        ObjectNode uses = app("pulls-private", IDS[0]);
        uses.putArray("registries").add("factory");
        ObjectNode other = app("pulls-private", IDS[1]);
        other.put("name", "plain-app");

        assertThat(api.call("POST", APPS, uses.toString()).status()).isEqualTo(201);
        assertThat(api.call("POST", APPS, other.toString()).status()).isEqualTo(201);

        Path withCredentials = DATA[0].resolve("desired.json");
        Path without = DATA[1].resolve("desired.json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                Files.exists(withCredentials) && Files.readString(withCredentials).contains("pulls-private")
                        && Files.exists(without) && Files.readString(without).contains("plain-app"));
        JsonNode received = JSON.readTree(withCredentials.toFile());
        assertThat(received.at("/registries/0/host").asText()).isEqualTo("127.0.0.1:5999");
        assertThat(received.at("/registries/0/password").asText()).isEqualTo(password);
        assertThat(Files.readString(without)).doesNotContain(password).doesNotContain("127.0.0.1:5999");

        assertThat(api.call("DELETE", APPS + "/pulls-private", null).status()).isEqualTo(204);
        assertThat(api.call("DELETE", APPS + "/plain-app", null).status()).isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/tenants/default/registries/factory", null).status()).isEqualTo(204);
    }
}

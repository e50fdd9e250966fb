package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app deployed by label selector through the REST API runs, through the deployment service, the broker and the
 * real agents, on exactly the matching endpoints' Docker containers and answers HTTP there; an endpoint that gains
 * the label gets it, one that loses the label drops it. Three agents share this machine's Docker engine, each with
 * its own container name prefix.
 */
class AppDeploymentIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "hello-web";
    private static final List<AgentProcess> AGENTS = new ArrayList<>();
    private static final String[] PREFIXES = {"dep-a_", "dep-b_", "dep-c_"};
    private static final String[] IDS = new String[3];

    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void threeAgents() throws Exception {
        DockerEngine.ensureTestBaseImage();
        removeContainers();
        ApiClient api = PLATFORM.api();
        String[] sites = {"qingdao", "qingdao", "pune"};
        for (int i = 0; i < 3; i++) {
            JsonNode created = api.createEndpoint("dep-" + i, "{\"site\":\"" + sites[i] + "\"}");
            IDS[i] = created.path("id").asText();
            AGENTS.add(new AgentProcess(PLATFORM.process().brokerUrl(), "default", IDS[i],
                    created.path("secret").asText(), PLATFORM.newDirectory("agent-" + IDS[i]), 2, PREFIXES[i]).start());
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
            DockerEngine.run("sh", "-c", "docker rm -f " + prefix + APP + " >/dev/null 2>&1 || true");
        }
    }

    private static String state(int agent) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Status}}' " + PREFIXES[agent] + APP
                + " 2>/dev/null || echo absent");
    }

    private static String httpGet(int agent) throws Exception {
        String ip = DockerEngine.run("docker", "inspect", "--format", "{{.NetworkSettings.IPAddress}}",
                PREFIXES[agent] + APP).strip();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void appFollowsTheLabelSelectorOntoExactlyTheMatchingEndpoints() throws Exception {
        ObjectNode app = JSON.createObjectNode().put("name", APP);
        ObjectNode spec = app.putObject("spec").put("image", DockerEngine.TEST_BASE_IMAGE).put("pullPolicy", "never")
                .put("memoryLimitMiB", 32).put("init", true); // init: httpd as PID 1 would ignore SIGTERM for 10 s
        spec.putArray("command").add("sh").add("-c")
                .add("mkdir -p /tmp/www && echo \"hello from $SITE\" > /tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www");
        spec.putObject("env").put("SITE", "edge");
        app.putObject("target").put("selector", "site=qingdao");
        ApiClient.Response created = api.call("POST", "/api/v1/tenants/default/apps", app.toString());
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().path("revision").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> state(0).equals("running") && state(1).equals("running"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(httpGet(0)).contains("hello from edge");
            assertThat(httpGet(1)).contains("hello from edge");
        });
        assertThat(state(2)).isEqualTo("absent");

        // the pune endpoint gains the label: it gets the app
        assertThat(api.call("PATCH", "/api/v1/tenants/default/endpoints/" + IDS[2],
                "{\"labels\":{\"site\":\"qingdao\"}}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> state(2).equals("running"));

        // the first endpoint loses it: the app is removed there, the others keep running
        assertThat(api.call("PATCH", "/api/v1/tenants/default/endpoints/" + IDS[0],
                "{\"labels\":{\"site\":\"elsewhere\"}}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> state(0).equals("absent"));
        assertThat(state(1)).isEqualTo("running");
        assertThat(state(2)).isEqualTo("running");

        JsonNode revisions = api.call("GET", "/api/v1/tenants/default/apps/" + APP + "/revisions", null).body();
        assertThat(revisions.toString()).contains("\"revision\":1");
        assertThat(api.call("DELETE", "/api/v1/tenants/default/apps/" + APP, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> state(1).equals("absent") && state(2).equals("absent"));
    }
}

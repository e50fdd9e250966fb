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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollouts end to end: three real agents on this machine's Docker engine (distinct container name prefixes), the
 * deployment service stepping each rollout by what the agents report, and an observer that polls every endpoint's
 * container over HTTP the whole time, so that "never more than one endpoint unavailable" is seen, not assumed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutE2EIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "roll-web";
    private static final String V2_IMAGE = "edgefleet-test/busybox:rollout-2";
    private static final String[] PREFIXES = {"rol-a_", "rol-b_", "rol-c_"};
    private static final String[] IDS = new String[3];
    private static final String[] SECRETS = new String[3];
    private static final AgentProcess[] AGENTS = new AgentProcess[3];
    private static final String BASE = "/api/v1/tenants/default/apps";

    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void threeAgents() throws Exception {
        DockerEngine.ensureTestBaseImage();
        DockerEngine.run("docker", "tag", DockerEngine.TEST_BASE_IMAGE, V2_IMAGE);
        removeContainers();
        ApiClient api = PLATFORM.api();
        for (int i = 0; i < 3; i++) {
            JsonNode created = api.createEndpoint("rol-" + i, "{\"fleet\":\"rollout\"}");
            IDS[i] = created.path("id").asText();
            SECRETS[i] = created.path("secret").asText();
            AGENTS[i] = agent(i).start();
        }
        for (String id : IDS) {
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status(id).equals("online"));
        }
    }

    private static AgentProcess agent(int i) throws Exception {
        // the rollouts wait for every switchover's watch window; 3 s still sees a container that keeps exiting
        return new AgentProcess(PLATFORM.process().brokerUrl(), "default", IDS[i], SECRETS[i],
                PLATFORM.newDirectory("rollout-agent-" + i), 2, PREFIXES[i]).withArgs("--watch-window", "3");
    }

    @AfterAll
    static void stopAgents() throws Exception {
        for (AgentProcess agent : AGENTS) {
            if (agent != null) {
                agent.close();
            }
        }
        removeContainers();
    }

    private static void removeContainers() throws Exception {
        for (String prefix : PREFIXES) {
            DockerEngine.run("sh", "-c", "docker rm -f " + prefix + APP + " " + prefix + APP + "_NEXT >/dev/null 2>&1 || true");
        }
    }

    private static String inspect(int agent, String format) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '" + format + "' " + PREFIXES[agent] + APP
                + " 2>/dev/null || echo absent").strip();
    }

    /** What the endpoint's container answers, or null when it does not answer. */
    private static String answer(int agent) {
        try {
            String ip = inspect(agent, "{{.NetworkSettings.IPAddress}}");
            if (ip.isEmpty() || ip.equals("absent")) {
                return null;
            }
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).timeout(Duration.ofSeconds(1))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body().strip() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static ObjectNode body(String image, String version, String rollout) throws Exception {
        ObjectNode app = JSON.createObjectNode();
        // init: httpd as PID 1 ignores SIGTERM, and every stop would wait out Docker's 10 s before the kill
        ObjectNode spec = app.putObject("spec").put("image", image).put("pullPolicy", "never").put("memoryLimitMiB", 32)
                .put("init", true);
        spec.putArray("command").add("sh").add("-c")
                .add("mkdir -p /tmp/www && echo \"version $VERSION\" > /tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www");
        spec.putObject("env").put("VERSION", version);
        app.putObject("target").put("selector", "fleet=rollout");
        app.set("rollout", JSON.readTree(rollout));
        return app;
    }

    private JsonNode rollout() throws Exception {
        return api.call("GET", BASE + "/" + APP + "/rollout", null).body();
    }

    private void awaitRollout(String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(rollout().path("state").asText()).isEqualTo(state));
    }

    @Test
    @Order(1)
    void aRollingUpdateKeepsAtMostOneEndpointUnavailableAndARollbackRestoresTheImage() throws Exception {
        String rolling = "{\"strategy\":\"rolling\",\"batchSize\":1,\"maxUnavailable\":1}";
        ObjectNode v1 = body(DockerEngine.TEST_BASE_IMAGE, "1", rolling);
        v1.put("name", APP);
        assertThat(api.call("POST", BASE, v1.toString()).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "version 1".equals(answer(0)) && "version 1".equals(answer(1)) && "version 1".equals(answer(2)));

        AtomicInteger maxUnavailable = new AtomicInteger();
        AtomicInteger maxUpdatingAtOnce = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread observer = new Thread(() -> {
            while (watching.get()) {
                int down = 0;
                for (int i = 0; i < 3; i++) {
                    down += answer(i) == null ? 1 : 0;
                }
                maxUnavailable.accumulateAndGet(down, Math::max);
                polls.incrementAndGet();
            }
        }, "availability-observer");
        observer.start();
        long started = System.nanoTime();
        try {
            ApiClient.Response updated = api.call("PUT", BASE + "/" + APP, body(V2_IMAGE, "2", rolling).toString());
            assertThat(updated.status()).as(String.valueOf(updated.body())).isEqualTo(200);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode rollout = rollout();
                maxUpdatingAtOnce.accumulateAndGet(rollout.at("/counts/updating").asInt(), Math::max);
                assertThat(rollout.path("state").asText()).isEqualTo("succeeded");
            });
        } finally {
            watching.set(false);
            observer.join();
        }
        long rolledMillis = (System.nanoTime() - started) / 1_000_000;
        for (int i = 0; i < 3; i++) {
            assertThat(answer(i)).isEqualTo("version 2");
            assertThat(inspect(i, "{{.Config.Image}}")).isEqualTo(V2_IMAGE);
        }
        assertThat(polls.get()).as("availability polls during the rollout").isGreaterThan(10);
        assertThat(maxUnavailable.get()).as("endpoints unavailable at the same time").isLessThanOrEqualTo(1);
        assertThat(maxUpdatingAtOnce.get()).as("endpoints updating at the same time").isLessThanOrEqualTo(1);
        System.out.printf("rolling update of 3 endpoints in %d ms: %d availability polls, at most %d unavailable at once%n",
                rolledMillis, polls.get(), maxUnavailable.get());

        JsonNode revisions = api.call("GET", BASE + "/" + APP + "/revisions", null).body().path("items");
        assertThat(revisions).hasSize(2);

        ApiClient.Response rolledBack = api.call("POST", BASE + "/" + APP + "/rollback", "{\"revision\":1}");
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat(rolledBack.body().path("revision").asInt()).isEqualTo(3);
        awaitRollout("succeeded");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(inspect(i, "{{.Config.Image}}")).isEqualTo(DockerEngine.TEST_BASE_IMAGE);
                assertThat(answer(i)).isEqualTo("version 1");
            }
        });
    }

    @Test
    @Order(2)
    void aBrokenCanaryIsRolledBackAndTheOtherEndpointsAreNeverTouched() throws Exception {
        String[] before = {inspect(0, "{{.Id}}"), inspect(1, "{{.Id}}"), inspect(2, "{{.Id}}")};
        int revision = api.call("GET", BASE + "/" + APP, null).body().path("revision").asInt();
        String canary = "{\"strategy\":\"canary\",\"canary\":{\"count\":1},\"failurePolicy\":\"rollback\"}";
        // an image that exists nowhere: the canary endpoint's pull fails
        ObjectNode broken = body("127.0.0.1:9/edgefleet/missing:1", "broken", canary);
        ((ObjectNode) broken.get("spec")).put("pullPolicy", "always");

        assertThat(api.call("PUT", BASE + "/" + APP, broken.toString()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                api.call("GET", BASE + "/" + APP, null).body().path("revision").asInt()).isEqualTo(revision + 2));
        JsonNode history = api.call("GET", BASE + "/" + APP + "/rollouts", null).body().path("items");
        JsonNode failed = history.get(1);
        assertThat(failed.path("state").asText()).isEqualTo("rolled-back");
        assertThat(failed.at("/counts/failed").asInt()).isEqualTo(1);
        assertThat(failed.at("/counts/pending").asInt()).as("endpoints never told the broken revision").isEqualTo(2);
        awaitRollout("succeeded");
        int canaryIndex = -1;
        for (int i = 0; i < 3; i++) {
            assertThat(answer(i)).isEqualTo("version 1");
            if (!inspect(i, "{{.Id}}").equals(before[i])) {
                canaryIndex = i;
            }
        }
        // the agent never replaced a container for an image it could not pull: every container is the one from before
        assertThat(canaryIndex).isEqualTo(-1);
    }

    @Test
    @Order(3)
    void anOfflineEndpointWaitsAndConvergesWhenItReturnsAndAClosedWindowHoldsTheRollout() throws Exception {
        String waitOffline = "{\"strategy\":\"all-at-once\",\"offline\":\"wait\"}";
        AGENTS[2].stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.status(IDS[2]).equals("offline"));

        assertThat(api.call("PUT", BASE + "/" + APP, body(V2_IMAGE, "2", waitOffline).toString()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "version 2".equals(answer(0)) && "version 2".equals(answer(1)));
        assertThat(inspect(2, "{{.Config.Image}}")).isEqualTo(DockerEngine.TEST_BASE_IMAGE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode rollout = rollout();
            assertThat(rollout.path("state").asText()).isEqualTo("running");
            assertThat(rollout.at("/counts/waiting").asInt()).isEqualTo(1);
        });

        AGENTS[2] = agent(2).start();
        awaitRollout("succeeded");
        await().atMost(Duration.ofSeconds(60)).until(() -> "version 2".equals(answer(2)));

        // a window that opens in two hours (agents report UTC here) holds every endpoint; nothing is touched
        int hour = ZonedDateTime.now(ZoneOffset.UTC).plusHours(2).getHour();
        String window = "{\"strategy\":\"all-at-once\",\"maintenanceWindow\":{\"start\":\"" + String.format("%02d:00", hour)
                + "\",\"end\":\"" + String.format("%02d:30", hour) + "\"}}";
        String[] before = {inspect(0, "{{.Id}}"), inspect(1, "{{.Id}}"), inspect(2, "{{.Id}}")};
        assertThat(api.call("PUT", BASE + "/" + APP, body(V2_IMAGE, "3", window).toString()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(rollout().at("/counts/waiting").asInt()).isEqualTo(3));
        assertThat(rollout().at("/endpoints/0/reason").asText()).contains("maintenance window");
        Thread.sleep(3000);
        for (int i = 0; i < 3; i++) {
            assertThat(inspect(i, "{{.Id}}")).isEqualTo(before[i]);
            assertThat(answer(i)).isEqualTo("version 2");
        }
        List<String> reasons = new ArrayList<>();
        rollout().path("endpoints").forEach(e -> reasons.add(e.path("reason").asText()));
        System.out.println("held by the window: " + reasons);
    }
}

package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged platform: the container images built by scripts/build-images.sh on the local stand-in for the JRE
 * base image, the repository's docker-compose.yml brought up by Debian's docker-compose with a PostgreSQL stand-in
 * made from zonky's server binaries, and the end-to-end scenario through the published gateway: the bootstrap admin
 * signs in, creates an endpoint, the compose profile {@code agent} starts the agent with the endpoint's credentials,
 * the endpoint comes online, and an app deployed through the API runs in this machine's Docker and answers HTTP. Then,
 * on the same stack, {@link ComposeCrashScenario}: {@code kill -9} of each part in the middle of a rollout, of metrics
 * ingest and of a stream of commands (ledger {@code compose-kill-9}). The stack is taken down with its volumes whatever
 * happens; a failed run keeps every container's log under target/compose-stack/.
 */
class ComposeStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String POSTGRES_TEST_IMAGE = "edgefleet-test/postgres:14";
    private static final List<String> IMAGES =
            List.of("broker", "registry", "tenancy", "deployment", "telemetry", "gateway", "agent");
    private static final String APP = "hello-compose";

    private final String project = "efit" + HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits()).substring(0, 8);
    private final Path work = Path.of("target", "compose-stack", project).toAbsolutePath();
    private final String tag = "it-" + project;
    private final String containerPrefix = project + "-";
    private final List<String> measurements = new ArrayList<>();

    @Test
    void composeStackRunsTheEndToEndScenarioOnTheBuiltImages() throws Exception {
        long testStart = System.nanoTime();
        DockerEngine.ensureTestBaseImage();
        buildPostgresTestImage();
        try {
            long buildStart = System.nanoTime();
            DockerEngine.run(List.of("scripts/build-images.sh", "--base", DockerEngine.TEST_BASE_IMAGE, "--tag", tag),
                    DockerEngine.REPO);
            measure("images built in", buildStart);
            for (String name : IMAGES) {
                long bytes = Long.parseLong(DockerEngine.run("docker", "image", "inspect", "--format", "{{.Size}}", image(name)));
                measurements.add(String.format("image %s: %.1f MB", image(name), bytes / 1e6));
            }
            imagesAreLayeredAndRunAsTheContractSays();
            runTheStack();
        } finally {
            removeImageTags();
            measure("the whole test", testStart);
            Files.createDirectories(work);
            Files.write(work.resolve("measurements.txt"), measurements);
            measurements.forEach(System.out::println);
        }
    }

    private void runTheStack() throws Exception {
        int gatewayPort = freePort();
        int mqttPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("EDGEFLEET_VERSION", tag);
        settings.put("POSTGRES_IMAGE", POSTGRES_TEST_IMAGE);
        settings.put("EDGEFLEET_GATEWAY_PORT", Integer.toString(gatewayPort));
        settings.put("EDGEFLEET_GATEWAY_BIND", "127.0.0.1");
        settings.put("EDGEFLEET_MQTT_PORT", Integer.toString(mqttPort));
        settings.put("EDGEFLEET_MQTT_BIND", "127.0.0.1");
        settings.put("EDGEFLEET_PUBLIC_BROKER_URL", "tcp://127.0.0.1:" + mqttPort);
        settings.put("EDGEFLEET_PUBLIC_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort);
        // the agent sends metrics every 2 s (default 15) and replaces containers after 3 s (default 10): the crash phase
        ComposeStack stack = new ComposeStack(project, work, settings).overlayAgentEnvironment(Map.of(
                "EDGEFLEET_METRICS_INTERVAL_SECONDS", "2", "EDGEFLEET_WATCH_WINDOW_SECONDS", "3"));
        aMissingSecretStopsTheStackNamingIt(settings);
        try {
            long upStart = System.nanoTime();
            stack.compose("up", "-d");
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.health("gateway").equals("healthy"));
            measure("docker-compose up to a healthy gateway", upStart);
            URI gateway = URI.create("http://127.0.0.1:" + gatewayPort);
            String agentEndpoint = endToEnd(stack, gateway, mqttPort);
            long crashStart = System.nanoTime();
            new ComposeCrashScenario(stack, ApiClient.signedIn(gateway, "admin@edgefleet.local",
                    stack.setting("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD")), mqttPort, agentEndpoint, containerPrefix, work).run();
            measure("crash phase (kill -9 of each part mid-rollout)", crashStart);
        } catch (Throwable failure) {
            stack.saveLogs(work.resolve("compose.log"));
            throw failure;
        } finally {
            stack.down();
            // the apps' containers (the agent is gone now, nothing starts them again)
            FaultApps.removeContainers(containerPrefix);
        }
    }

    private void aMissingSecretStopsTheStackNamingIt(Map<String, String> settings) throws Exception {
        Map<String, String> withoutPassword = new LinkedHashMap<>(settings);
        withoutPassword.put("EDGEFLEET_DB_PASSWORD", "");
        ComposeStack incomplete = new ComposeStack(project + "x", work.resolve("incomplete"), withoutPassword);
        assertThatThrownBy(() -> incomplete.compose("config", "--quiet"))
                .hasMessageContaining("set EDGEFLEET_DB_PASSWORD in .env");
    }

    /** Returns the endpoint the compose profile's agent runs as. */
    private String endToEnd(ComposeStack stack, URI gateway, int mqttPort) throws Exception {
        ApiClient admin = ApiClient.signedIn(gateway, "admin@edgefleet.local",
                stack.setting("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD"));
        JsonNode tenants = admin.call("GET", "/api/v1/tenants", null).body();
        assertThat(tenants.toString()).contains("\"id\":\"default\"");

        JsonNode endpoint = admin.createEndpoint("compose-node", "{\"site\":\"compose\"}");
        String id = endpoint.path("id").asText();
        // the registry was wired with the public broker URL and the agent image of this stack
        assertThat(endpoint.path("runCommands").path("docker").asText())
                .contains("EDGEFLEET_BROKER_URL=tcp://127.0.0.1:" + mqttPort)
                .endsWith(" " + image("agent"));
        // ... and the public gateway URL, which serves the one-line install's script and the agent jar
        assertThat(endpoint.path("runCommands").path("install").asText())
                .startsWith("curl -fsSL " + gateway + "/agent/install.sh | sudo sh -s -- --gateway " + gateway + " ");
        HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/agent/install.sh")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).startsWith("#!/bin/sh");
        HttpResponse<Void> jar = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/agent/edgefleet-agent.jar"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(jar.statusCode()).isEqualTo(200);
        assertThat(jar.headers().firstValueAsLong("content-length").orElse(0)).isGreaterThan(1_000_000);

        stack.compose(Map.of(
                "EDGEFLEET_AGENT_ENDPOINT_ID", id,
                "EDGEFLEET_AGENT_SECRET", endpoint.path("secret").asText(),
                "EDGEFLEET_AGENT_BROKER_URL", "tcp://127.0.0.1:" + mqttPort,
                "EDGEFLEET_AGENT_CONTAINER_NAME_PREFIX", containerPrefix), "--profile", "agent", "up", "-d", "agent");
        long agentStart = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.status(id).equals("online"));
        measure("agent container started to endpoint online", agentStart);
        // the version comes with the agent's first state report, which may follow its presence by a moment
        String version = projectVersion();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> admin.endpoint(id).path("agentVersion").asText(), version::equals);

        ObjectNode app = JSON.createObjectNode().put("name", APP);
        ObjectNode spec = app.putObject("spec").put("image", DockerEngine.TEST_BASE_IMAGE).put("pullPolicy", "never")
                .put("memoryLimitMiB", 32).put("init", true);
        spec.putArray("command").add("sh").add("-c")
                .add("mkdir -p /tmp/www && echo \"hello from $SITE\" > /tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www");
        spec.putObject("env").put("SITE", "compose");
        app.putObject("target").put("selector", "site=compose");
        ApiClient.Response created = admin.call("POST", "/api/v1/tenants/default/apps", app.toString());
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);

        String container = containerPrefix + APP;
        long deployStart = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> DockerEngine.run("sh", "-c",
                "docker inspect --format '{{.State.Status}}' " + container + " 2>/dev/null || echo absent").equals("running"));
        measure("app created to its container running", deployStart);
        String ip = DockerEngine.run("docker", "inspect", "--format", "{{.NetworkSettings.IPAddress}}", container);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(httpGet("http://" + ip + ":8080/"))
                .contains("hello from compose"));

        assertThat(admin.call("DELETE", "/api/v1/tenants/default/apps/" + APP, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> DockerEngine.run("sh", "-c",
                "docker inspect --format '{{.State.Status}}' " + container + " 2>/dev/null || echo absent").equals("absent"));
        return id;
    }

    /** Services and broker as uid 10001 with a health check; the agent as root; edgefleet's jars in their own layer. */
    private void imagesAreLayeredAndRunAsTheContractSays() throws Exception {
        for (String name : IMAGES) {
            String user = DockerEngine.run("docker", "image", "inspect", "--format", "{{.Config.User}}", image(name));
            String healthcheck = DockerEngine.run("docker", "image", "inspect", "--format", "{{json .Config.Healthcheck}}",
                    image(name));
            if (name.equals("agent")) {
                assertThat(user).as("agent user").isEmpty();
            } else {
                assertThat(user).as(name + " user").isEqualTo("10001:10001");
                assertThat(healthcheck).as(name + " health check").contains("io.edgefleet.probe.HealthProbe");
            }
        }
        assertThat(listing("registry", "/opt/edgefleet/app")).containsExactlyInAnyOrder("edgefleet-health-probe.jar",
                "edgefleet-kit.jar", "edgefleet-registry.jar", "edgefleet-schemas.jar");
        assertThat(listing("registry", "/opt/edgefleet/lib")).noneMatch(jar -> jar.startsWith("edgefleet-"))
                .anyMatch(jar -> jar.startsWith("vertx-core-"));
        assertThat(listing("broker", "/opt/edgefleet/app")).containsExactlyInAnyOrder("edgefleet-broker.jar",
                "edgefleet-health-probe.jar");
        assertThat(DockerEngine.run("docker", "run", "--rm", "--entrypoint", "/bin/sh", image("gateway"), "-c",
                "ls -l \"$EDGEFLEET_AGENT_JAR\"")).contains("/opt/edgefleet/agent/edgefleet-agent.jar");
    }

    /** The tags only: the layers stay cached for the next run. */
    private void removeImageTags() throws Exception {
        for (String name : IMAGES) {
            DockerEngine.run("sh", "-c", "docker rmi " + image(name) + " >/dev/null 2>&1 || true");
        }
    }

    private List<String> listing(String name, String dir) throws Exception {
        return List.of(DockerEngine.run("docker", "run", "--rm", "--entrypoint", "ls", image(name), dir).split("\\s+"));
    }

    private void buildPostgresTestImage() throws Exception {
        // the server binaries of zonky's embedded PostgreSQL, which the all-in-one already depends on
        Path txz = work.resolve("postgres-linux-x86_64.txz");
        Files.createDirectories(work);
        try (InputStream binaries = Objects.requireNonNull(
                ComposeStackIT.class.getResourceAsStream("/postgres-linux-x86_64.txz"),
                "zonky's postgres-linux-x86_64.txz is not on the test class path")) {
            Files.copy(binaries, txz, StandardCopyOption.REPLACE_EXISTING);
        }
        DockerEngine.run(List.of(DockerEngine.REPO.resolve("scripts/test-images/postgres-base.sh").toString(),
                POSTGRES_TEST_IMAGE, txz.toString()), DockerEngine.REPO);
        Files.delete(txz);
    }

    private String image(String name) {
        return "edgefleet/" + name + ":" + tag;
    }

    private void measure(String what, long startNanos) {
        measurements.add(String.format("%s: %.1f s", what, (System.nanoTime() - startNanos) / 1e9));
    }

    private static String projectVersion() throws Exception {
        String pom = Files.readString(DockerEngine.REPO.resolve("pom.xml"));
        Matcher version = Pattern.compile("(?m)^  <version>([^<]+)</version>$").matcher(pom);
        assertThat(version.find()).as("the root pom's version").isTrue();
        return version.group(1);
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

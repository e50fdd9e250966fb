package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real registry (Debian's {@code docker-registry}) whose notifications go to the gateway with an operator API token:
 * {@code docker push} of a tag the app follows gives the app a new revision with the pushed image; a tag outside the
 * pattern does not.
 */
class RegistryWebhookReleaseIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static Process registry;
    private static Path dir;
    private static String host;

    private final ApiClient api = PLATFORM.api();

    @BeforeAll
    static void registryNotifyingTheGateway() throws Exception {
        assertThat(Files.isExecutable(BINARY)).as(BINARY + " (Debian's docker-registry)").isTrue();
        DockerEngine.ensureTestBaseImage();
        JsonNode token = PLATFORM.api().call("POST", "/api/v1/tenants/default/tokens",
                "{\"name\":\"registry-hook\",\"role\":\"operator\",\"expiresAt\":\""
                        + Instant.now().plus(Duration.ofDays(1)) + "\"}").body();
        assertThat(token.path("token").asText()).isNotEmpty();
        dir = PLATFORM.newDirectory("registry");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                notifications:
                  endpoints:
                    - name: edgefleet
                      url: %s/api/v1/tenants/default/webhooks/registry
                      headers:
                        Authorization: [Bearer %s]
                      timeout: 5s
                      threshold: 3
                      backoff: 1s
                """.formatted(dir.resolve("data"), host, PLATFORM.process().gatewayUri(), token.path("token").asText()));
        registry = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor();
        }
        for (String tag : new String[] {"1.0.1", "latest"}) {
            DockerEngine.run("sh", "-c", "docker rmi " + host + "/team/hook-app:" + tag + " >/dev/null 2>&1 || true");
        }
    }

    private static void push(String tag) throws Exception {
        String image = host + "/team/hook-app:" + tag;
        DockerEngine.run("docker", "tag", DockerEngine.TEST_BASE_IMAGE, image);
        DockerEngine.run("docker", "push", image);
    }

    @Test
    void aPushedTagTheAppFollowsReleasesItAndAnotherTagDoesNot() throws Exception {
        ObjectNode app = JSON.createObjectNode().put("name", "hook-app");
        app.putObject("spec").put("image", host + "/team/hook-app:1.0.0");
        app.putObject("target").put("selector", "role=hook");
        app.putObject("autoUpdate").put("repository", host + "/team/hook-app").put("tagPattern", "1\\.0\\.[0-9]+");
        ApiClient.Response created = api.call("POST", "/api/v1/tenants/default/apps", app.toString());
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);

        push("latest");
        push("1.0.1");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                api.call("GET", "/api/v1/tenants/default/apps/hook-app", null).body().path("revision").asInt() == 2);
        JsonNode released = api.call("GET", "/api/v1/tenants/default/apps/hook-app", null).body();
        assertThat(released.path("spec").path("image").asText()).isEqualTo(host + "/team/hook-app:1.0.1");
        JsonNode revisions = api.call("GET", "/api/v1/tenants/default/apps/hook-app/revisions", null).body();
        assertThat(revisions.path("items").get(0).path("createdBy").asText()).startsWith("webhook:token:");
        // the push of latest came first and released nothing; nothing else arrives later either
        Thread.sleep(2000);
        assertThat(api.call("GET", "/api/v1/tenants/default/apps/hook-app", null).body().path("revision").asInt())
                .isEqualTo(2);
        assertThat(Files.readString(dir.resolve("registry.log"))).doesNotContain("retryingsink: error writing events");
        JsonNode audit = api.call("GET", "/api/v1/tenants/default/audit?action=webhooks.registry", null).body();
        assertThat(audit.path("items")).isNotEmpty();
    }
}

package io.edgefleet.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.gateway.GatewayConfig;
import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.http.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRoutesTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private URI serve(Optional<Path> jar) throws Exception {
        Router router = Problems.install(Router.router(vertx));
        HttpServer server = new AgentRoutes(vertx, jar).mount(router)
                .compose(mounted -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    private HttpResponse<byte[]> get(URI base, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theJarIsServedWhole(@TempDir Path dir) throws Exception {
        // larger than any single buffer, so a streamed answer that lost or repeated a chunk would show
        byte[] content = new byte[5 * 1024 * 1024 + 123];
        new Random(8).nextBytes(content);
        Path jar = Files.write(dir.resolve("edgefleet-agent.jar"), content);
        URI base = serve(Optional.of(jar));

        HttpResponse<byte[]> answer = get(base, AgentRoutes.JAR_PATH);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Length")).contains(Long.toString(content.length));
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/java-archive");
        assertThat(sha256(answer.body())).isEqualTo(sha256(content));
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(base.resolve(AgentRoutes.JAR_PATH))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(Long.toString(content.length));
    }

    @Test
    void aRepeatedDownloadWithTheEtagIsNotModifiedUntilTheJarChanges(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("edgefleet-agent.jar"), new byte[] {1, 2, 3});
        URI base = serve(Optional.of(jar));
        String etag = get(base, AgentRoutes.JAR_PATH).headers().firstValue("ETag").orElseThrow();

        assertThat(get(base, AgentRoutes.JAR_PATH, "If-None-Match", etag).statusCode()).isEqualTo(304);
        Files.write(jar, new byte[] {1, 2, 3, 4});
        HttpResponse<byte[]> changed = get(base, AgentRoutes.JAR_PATH, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void withoutAConfiguredJarTheAnswerIsAProblemSayingSo() throws Exception {
        URI base = serve(Optional.empty());

        HttpResponse<byte[]> answer = get(base, AgentRoutes.JAR_PATH);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).contains(Problems.CONTENT_TYPE);
        JsonNode problem = new ObjectMapper().readTree(answer.body());
        assertThat(problem.path("detail").asText()).contains("EDGEFLEET_AGENT_JAR is not set");
        // the install script does not depend on the jar
        assertThat(get(base, AgentRoutes.SCRIPT_PATH).statusCode()).isEqualTo(200);
    }

    @Test
    void aJarRemovedAfterStartIsNotFoundNamingTheFile(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("edgefleet-agent.jar"), new byte[] {1});
        URI base = serve(Optional.of(jar));
        Files.delete(jar);

        HttpResponse<byte[]> answer = get(base, AgentRoutes.JAR_PATH);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(answer.body()).path("detail").asText()).contains(jar.toString());
    }

    @Test
    void theInstallScriptIsTheOneInTheGatewaysResources() throws Exception {
        URI base = serve(Optional.empty());
        byte[] resource;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(AgentRoutes.SCRIPT_RESOURCE)) {
            resource = in.readAllBytes();
        }

        HttpResponse<byte[]> answer = get(base, AgentRoutes.SCRIPT_PATH);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(resource);
        assertThat(new String(answer.body())).startsWith("#!/bin/sh\n").contains("\nset -eu\n");
        String etag = answer.headers().firstValue("ETag").orElseThrow();
        assertThat(get(base, AgentRoutes.SCRIPT_PATH, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void theConfiguredJarMustBeAFile(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("EDGEFLEET_INTERNAL_TOKEN", "0123456789abcdef0123",
                "EDGEFLEET_MQTT_PASSWORD", "0123456789abcdef0123"));
        assertThat(GatewayConfig.fromEnv(env).agentJar()).isEmpty();
        env.put(GatewayConfig.AGENT_JAR, dir.resolve("missing.jar").toString());
        assertThatThrownBy(() -> GatewayConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_AGENT_JAR").hasMessageContaining("missing.jar");
        Path jar = Files.write(dir.resolve("edgefleet-agent.jar"), new byte[] {1});
        env.put(GatewayConfig.AGENT_JAR, jar.toString());
        assertThat(GatewayConfig.fromEnv(env).agentJar()).contains(jar.toAbsolutePath());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

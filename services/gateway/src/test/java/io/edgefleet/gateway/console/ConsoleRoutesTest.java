package io.edgefleet.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.gateway.GatewayConfig;
import io.edgefleet.gateway.upstream.HttpExchange;
import io.edgefleet.kit.config.ConfigException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleRoutesTest {

    private Vertx vertx;
    /** One client held by the test: Vert.x closes a client nobody references once it is garbage collected. */
    private HttpClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int serve(Optional<Path> folder) throws Exception {
        Router router = Router.router(vertx);
        HttpServer server = new ConsoleRoutes(vertx, folder).mount(router)
                .compose(mounted -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer get(int port, String path) throws Exception {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path);
        return HttpExchange.send(client, options)
                .map(reply -> new Answer(reply.status(), headers(reply.headers()), reply.bodyAsString()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> headers(MultiMap received) {
        Map<String, String> headers = new HashMap<>();
        received.forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
        return headers;
    }

    @Test
    void vendorLibrariesAreServedFromTheirWebJarsUnderVersionFreeNames() throws Exception {
        int port = serve(Optional.empty());
        Answer vue = get(port, "/console/vendor/vue.js");
        assertThat(vue.status()).isEqualTo(200);
        assertThat(vue.headers().get("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(vue.body()).contains("createApp", "compile");
        assertThat(get(port, "/console/vendor/uplot.js").body()).contains("uPlot");
        assertThat(get(port, "/console/vendor/uplot.css").headers().get("content-type")).startsWith("text/css");
        assertThat(get(port, "/console/vendor/react.js").status()).isEqualTo(404);
    }

    @Test
    void theIndexAllowsItsOwnImportMapByHashAndNothingElseInline() throws Exception {
        int port = serve(Optional.empty());
        Answer index = get(port, "/console/");
        assertThat(index.status()).isEqualTo(200);
        Matcher map = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(index.body());
        assertThat(map.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(map.group(1).getBytes(StandardCharsets.UTF_8)));
        String policy = index.headers().get("content-security-policy");
        assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'");
        String scripts = policy.substring(policy.indexOf("script-src"), policy.indexOf(';', policy.indexOf("script-src")));
        assertThat(scripts).contains("'sha256-" + hash + "'").doesNotContain("unsafe-inline");
        assertThat(index.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(get(port, "/console/js/main.js").body()).contains("createApp");
        assertThat(get(port, "/console/../logback.xml").status()).isNotEqualTo(200);
    }

    @Test
    void aConsoleFolderIsServedInsteadOfTheJarAndMustHoldAnIndex(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("index.html"),
                "<html><script type=\"importmap\">{\"imports\":{}}</script><p>local copy</p></html>");
        int port = serve(Optional.of(folder));
        assertThat(get(port, "/console/").body()).contains("local copy");

        Map<String, String> env = new HashMap<>(Map.of("EDGEFLEET_INTERNAL_TOKEN", "0123456789abcdef0123",
                "EDGEFLEET_MQTT_PASSWORD", "0123456789abcdef0123"));
        env.put(GatewayConfig.CONSOLE_DIR, folder.resolve("missing").toString());
        assertThatThrownBy(() -> GatewayConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_CONSOLE_DIR").hasMessageContaining("index.html");
        env.put(GatewayConfig.CONSOLE_DIR, folder.toString());
        assertThat(GatewayConfig.fromEnv(env).consoleDir()).contains(folder.toAbsolutePath().normalize());
    }
}

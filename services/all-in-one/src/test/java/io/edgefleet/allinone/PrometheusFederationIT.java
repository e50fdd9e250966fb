package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prometheus integration of the whole platform: {@code promtool check metrics} accepts every service's
 * {@code /metrics}, and Debian's real Prometheus scrapes a tenant's federation endpoint through the gateway with an
 * API token and stores the fleet gauges an agent's batch produced.
 */
class PrometheusFederationIT {

    @RegisterExtension
    static final RunningPlatform PLATFORM = new RunningPlatform();

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: with the JDK client's default h2c upgrade attempt, a /metrics read once hung past its timeout
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void promtoolAcceptsTheMetricsOfEveryService() throws Exception {
        PlatformProcess platform = PLATFORM.process();
        Map<String, Integer> services = Map.of("registry", platform.registryPort, "tenancy", platform.tenancyPort,
                "deployment", platform.deploymentPort, "telemetry", platform.telemetryPort);
        for (Map.Entry<String, Integer> service : services.entrySet()) {
            HttpResponse<String> metrics = get(URI.create("http://127.0.0.1:" + service.getValue() + "/metrics"));
            assertThat(metrics.statusCode()).as(service.getKey()).isEqualTo(200);
            // one process, one registry: each port shows every service's meters, the gateway's included
            for (String name : List.of("registry", "tenancy", "deployment", "telemetry", "gateway")) {
                assertThat(metrics.body()).contains("edgefleet_mqtt_connected{service=\"" + name + "\"} 1.0");
            }
            assertThat(metrics.body()).contains("vertx_pool_in_use{pool_name=").contains("pool_type=\"sql\"");
            String verdict = promtool(metrics.body());
            assertThat(verdict).as(service.getKey() + ": promtool check metrics said").isEmpty();
        }
        // the gateway faces the network: its /metrics (the same registry here) wants the internal token
        assertThat(get(URI.create("http://127.0.0.1:" + platform.gatewayPort + "/metrics")).statusCode()).isEqualTo(401);
    }

    @Test
    void aRealPrometheusScrapesTheFleetThroughTheGatewayWithAnApiToken() throws Exception {
        assertThat(Files.isExecutable(PROMETHEUS)).as(PROMETHEUS + " (Debian's prometheus)").isTrue();
        ApiClient admin = PLATFORM.api();
        JsonNode endpoint = admin.createEndpoint("prom-press-1", "{}");
        String id = endpoint.path("id").asText();
        Mqtt5BlockingClient agent = MqttAgentClient.connect(PLATFORM.process().mqttPort, id, id,
                endpoint.path("secret").asText());
        MqttAgentClient.publish(agent, "edge/v1/default/" + id + "/metrics", """
                {"stream": "prom-it-stream-1", "seq": 1, "at": "%s", "intervalSeconds": 15, "samples": [
                  {"metric": "node_cpu_percent", "value": 42.5},
                  {"metric": "container_memory_usage_bytes", "container": "web-1", "app": "shop", "value": 1048576}]}
                """.formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        agent.disconnect();
        String token = admin.call("POST", "/api/v1/tenants/default/tokens", "{\"name\":\"prometheus\",\"role\":\"viewer\","
                + "\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}").body().path("token").asText();
        assertThat(token).isNotEmpty();

        Path dir = PLATFORM.newDirectory("prometheus");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: edgefleet-default
                    metrics_path: /api/v1/tenants/default/metrics/federate
                    authorization:
                      credentials: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(token, PLATFORM.process().gatewayPort));
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode targets = JSON.readTree(get(api.resolve("targets")).body());
                        JsonNode target = targets.at("/data/activeTargets/0");
                        assertThat(target.path("health").asText()).as(target.toString()).isEqualTo("up");
                    });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode result = JSON.readTree(get(api.resolve("query?query=" + URLEncoder.encode(
                                "edgefleet_node_cpu_percent{endpoint=\"" + id + "\"}", StandardCharsets.UTF_8)))
                                .body()).at("/data/result");
                        assertThat(result).hasSize(1);
                        assertThat(result.at("/0/value/1").asText()).isEqualTo("42.5");
                    });
            JsonNode memory = JSON.readTree(get(api.resolve("query?query=edgefleet_container_memory_usage_bytes"))
                    .body()).at("/data/result/0/metric");
            assertThat(memory.path("container").asText()).isEqualTo("web-1");
            assertThat(memory.path("app").asText()).isEqualTo("shop");
        } finally {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What promtool reports about an exposition: empty when it accepts it without remarks. */
    private static String promtool(String exposition) throws Exception {
        assertThat(Files.isExecutable(PROMTOOL)).as(PROMTOOL + " (Debian's prometheus package)").isTrue();
        Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
    }
}

package io.edgefleet.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.kit.testing.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest {

    private static final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private static PrometheusMeterRegistry registry;
    private static Vertx vertx;
    private static HttpFixture http;

    @BeforeAll
    static void startServer() {
        registry = Metrics.registry();
        vertx = Metrics.vertx(registry);
        Router router = Router.router(vertx);
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
        checks.put("postgres", () -> databaseUp.get() ? Future.succeededFuture() : Future.failedFuture("connection refused"));
        checks.put("mqtt", Future::succeededFuture);
        Health.mount(router, checks);
        Metrics.mount(router, registry);
        Problems.install(router);
        http = new HttpFixture(vertx, router);
    }

    @AfterAll
    static void stopServer() {
        http.close();
        Await.result(vertx.close());
    }

    @Test
    void liveIsUp() {
        HttpResponse<Buffer> response = http.get("/health/live");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.parse(response.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyTurns503NamingTheFailedCheckAndRecovers() {
        databaseUp.set(true);
        HttpResponse<Buffer> up = http.get("/health/ready");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Json.parse(up.body()).get("checks").get("postgres").asText()).isEqualTo("UP");

        databaseUp.set(false);
        HttpResponse<Buffer> down = http.get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode doc = Json.parse(down.body());
        assertThat(doc.get("status").asText()).isEqualTo("DOWN");
        assertThat(doc.get("checks").get("postgres").asText()).isEqualTo("DOWN: connection refused");
        assertThat(doc.get("checks").get("mqtt").asText()).isEqualTo("UP");

        databaseUp.set(true);
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aCheckThatThrowsCountsAsDown() {
        Router router = Router.router(vertx);
        Health.mount(router, () -> {
            throw new IllegalStateException("pool closed");
        });
        try (HttpFixture other = new HttpFixture(vertx, router)) {
            HttpResponse<Buffer> response = other.get("/health/ready");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Json.parse(response.body()).get("checks").get("check-1").asText()).contains("pool closed");
        }
    }

    @Test
    void mqttCheckIsDownWhileTheClientIsNotConnected() {
        MqttEventClient never = MqttEventClient.create(vertx,
                new MqttConfig("127.0.0.1", 1, "svc:kit", "secret", "kit-health", 10));
        Router router = Router.router(vertx);
        Health.mount(router, Map.of("mqtt", Health.mqtt(never)));
        try (HttpFixture other = new HttpFixture(vertx, router)) {
            HttpResponse<Buffer> response = other.get("/health/ready");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Json.parse(response.body()).get("checks").get("mqtt").asText()).isEqualTo("DOWN: MQTT not connected");
        }
    }

    @Test
    void metricsServePrometheusTextWithCustomAndVertxMeters() {
        Counter.builder("edgefleet_test_things").tag("kind", "demo").register(registry).increment(3);
        http.get("/health/live");
        HttpResponse<Buffer> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        String text = response.bodyAsString();
        assertThat(text).contains("edgefleet_test_things_total{kind=\"demo\"} 3.0");
        assertThat(text).contains("vertx_http_server_requests_total");
    }
}

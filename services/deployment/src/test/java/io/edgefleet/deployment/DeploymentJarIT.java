package io.edgefleet.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fat jar, run as the process operators start: a configuration error, then a real start, an app and a stop. */
class DeploymentJarIT {

    static final Path JAR = Path.of("target", "edgefleet-deployment.jar");
    static final Path LOG = Path.of("target", "deployment-jar-it.log");

    @Test
    void missingConfigurationExitsNonZeroNamingTheVariable() throws Exception {
        Process process = start(Map.of("EDGEFLEET_MQTT_PASSWORD", "x"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output()).contains("EDGEFLEET_INTERNAL_TOKEN");
    }

    @Test
    void jarStartsServesTheAppApiAndStopsOnSigterm() throws Exception {
        DbConfig db = TestPostgres.dbConfig();
        int httpPort = FreePorts.next();
        String token = "jar-test-token-0123456789";
        try (TestBroker broker = TestBroker.start("deployment")) {
            MqttConfig mqtt = broker.mqttConfig("deployment");
            Map<String, String> env = new HashMap<>(Map.of(
                    "EDGEFLEET_HTTP_PORT", String.valueOf(httpPort),
                    "EDGEFLEET_DB_HOST", db.host(), "EDGEFLEET_DB_PORT", String.valueOf(db.port()),
                    "EDGEFLEET_DB_NAME", db.database(), "EDGEFLEET_DB_USER", db.user(),
                    "EDGEFLEET_DB_PASSWORD", db.password(),
                    "EDGEFLEET_MQTT_HOST", mqtt.host(), "EDGEFLEET_MQTT_PORT", String.valueOf(mqtt.port()),
                    "EDGEFLEET_MQTT_PASSWORD", mqtt.password()));
            env.put("EDGEFLEET_INTERNAL_TOKEN", token);
            Process process = start(env);
            try {
                Http anonymous = new Http(httpPort, Map.of());
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> anonymous.get("/health/ready").status() == 200);
                Http caller = new Http(httpPort, Map.of("Authorization", "Bearer " + token, "X-Edgefleet-Tenants", "*",
                        "X-Edgefleet-Principal", "bootstrap"));
                Http.Response created = caller.post("/api/v1/tenants/default/apps",
                        "{\"name\":\"web\",\"spec\":{\"image\":\"edgefleet-test/busybox:1\"},\"target\":{\"selector\":\"site=a\"}}");
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                assertThat(anonymous.get("/metrics").text()).contains("vertx_http_server_requests_total");
            } finally {
                process.destroy();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            }
            assertThat(output()).contains("deployment started").contains("deployment stopped").doesNotContain(token)
                    .doesNotContain(mqtt.password());
        }
    }

    private static String output() throws IOException {
        return Files.readString(LOG, StandardCharsets.UTF_8);
    }

    private static Process start(Map<String, String> env) throws IOException {
        assertThat(Files.exists(JAR)).as("%s is built by the package phase", JAR).isTrue();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(LOG.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("EDGEFLEET_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}

package io.edgefleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.registry.testing.Http;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fat jar, run as the process operators start: configuration errors, then a real start and stop. */
class RegistryJarIT {

    static final Path JAR = Path.of("target", "edgefleet-registry.jar");
    static final Path LOG = Path.of("target", "registry-jar-it.log");

    private static String output() throws IOException {
        return Files.readString(LOG, StandardCharsets.UTF_8);
    }

    @Test
    void missingConfigurationExitsNonZeroNamingTheVariable() throws Exception {
        Process process = start(Map.of("EDGEFLEET_MQTT_PASSWORD", "x"));

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output()).contains("EDGEFLEET_INTERNAL_TOKEN is required but not set");
    }

    @Test
    void jarStartsServesTheApiAndStopsOnSigterm() throws Exception {
        DbConfig db = TestPostgres.dbConfig();
        int httpPort = FreePorts.next();
        String token = "jar-test-token-0123456789";
        try (TestBroker broker = TestBroker.start(URI.create("http://127.0.0.1:" + httpPort), token, "registry")) {
            MqttConfig mqtt = broker.mqttConfig("registry");
            Process process = start(Map.of(
                    "EDGEFLEET_HTTP_PORT", String.valueOf(httpPort),
                    "EDGEFLEET_DB_HOST", db.host(), "EDGEFLEET_DB_PORT", String.valueOf(db.port()),
                    "EDGEFLEET_DB_NAME", db.database(), "EDGEFLEET_DB_USER", db.user(),
                    "EDGEFLEET_DB_PASSWORD", db.password(),
                    "EDGEFLEET_MQTT_HOST", mqtt.host(), "EDGEFLEET_MQTT_PORT", String.valueOf(mqtt.port()),
                    "EDGEFLEET_MQTT_PASSWORD", mqtt.password(),
                    "EDGEFLEET_INTERNAL_TOKEN", token));
            try {
                Http anonymous = new Http(httpPort, null);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> anonymous.get("/health/ready").status() == 200);
                Http.Response created = new Http(httpPort, token).post("/api/v1/tenants/default/endpoints",
                        "{\"name\":\"from-the-jar\"}");
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                assertThat(anonymous.get("/metrics").text()).contains("edgefleet_registry_mqtt_auth_seconds");
            } finally {
                process.destroy();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            }
            assertThat(output()).contains("registry stopped").doesNotContain(token);
        }
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

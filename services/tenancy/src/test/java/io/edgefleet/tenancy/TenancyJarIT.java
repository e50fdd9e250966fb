package io.edgefleet.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.tenancy.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fat jar, run as the process operators start: configuration errors, then a real start, login and stop. */
class TenancyJarIT {

    static final Path JAR = Path.of("target", "edgefleet-tenancy.jar");
    static final Path LOG = Path.of("target", "tenancy-jar-it.log");

    @Test
    void missingConfigurationExitsNonZeroNamingTheVariable() throws Exception {
        Process process = start(Map.of("EDGEFLEET_MQTT_PASSWORD", "x"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output()).contains("EDGEFLEET_INTERNAL_TOKEN is required but not set");
    }

    @Test
    void jarStartsLetsTheBootstrapAdminLogInAndStopsOnSigterm() throws Exception {
        DbConfig db = TestPostgres.dbConfig();
        int httpPort = FreePorts.next();
        String token = "jar-test-token-0123456789";
        String password = "saffron-glacier-73-ember";
        try (TestBroker broker = TestBroker.start("tenancy")) {
            MqttConfig mqtt = broker.mqttConfig("tenancy");
            Map<String, String> env = new HashMap<>(Map.of(
                    "EDGEFLEET_HTTP_PORT", String.valueOf(httpPort),
                    "EDGEFLEET_DB_HOST", db.host(), "EDGEFLEET_DB_PORT", String.valueOf(db.port()),
                    "EDGEFLEET_DB_NAME", db.database(), "EDGEFLEET_DB_USER", db.user(),
                    "EDGEFLEET_DB_PASSWORD", db.password(),
                    "EDGEFLEET_MQTT_HOST", mqtt.host(), "EDGEFLEET_MQTT_PORT", String.valueOf(mqtt.port()),
                    "EDGEFLEET_MQTT_PASSWORD", mqtt.password()));
            env.put("EDGEFLEET_INTERNAL_TOKEN", token);
            env.put("EDGEFLEET_SECRET_KEY", SecretBox.generateKey());
            env.put("EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", "admin@example.com");
            env.put("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", password);
            Process process = start(env);
            String refresh;
            try {
                Http anonymous = new Http(httpPort, null);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> anonymous.get("/health/ready").status() == 200);
                Http.Response login = new Http(httpPort, token).post("/api/v1/auth/login",
                        "{\"email\":\"admin@example.com\",\"password\":\"" + password + "\"}");
                assertThat(login.status()).as(login.text()).isEqualTo(200);
                refresh = login.json().path("refreshToken").asText();
            } finally {
                process.destroy();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            }
            assertThat(output()).contains("tenancy stopped").contains("bootstrap platform admin")
                    .doesNotContain(token).doesNotContain(password).doesNotContain(refresh);
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

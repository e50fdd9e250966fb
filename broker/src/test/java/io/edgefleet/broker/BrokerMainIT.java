package io.edgefleet.broker;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runnable jar as an operator starts it: {@code java -jar target/edgefleet-broker.jar}. */
class BrokerMainIT {

    static final Path JAR = Path.of("target", "edgefleet-broker.jar");
    static final String TOKEN = "token-that-must-not-be-logged";
    static final String SECRET = "secret-that-must-not-be-logged";

    @TempDir
    Path dir;

    @Test
    void invalidConfigurationExitsWithStatus2NamingTheVariable() throws Exception {
        Map<String, String> env = env(FreePorts.next());
        env.put("EDGEFLEET_MQTT_PORT", "abc");
        Output output = new Output(dir.resolve("broker.log"));
        Process process = start(env, output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.text()).contains("EDGEFLEET_MQTT_PORT must be a port number 1-65535, got 'abc'");
    }

    @Test
    void brokerRunsFromTheJarLogsItsListenersAndStopsOnSigterm() throws Exception {
        int port = FreePorts.next();
        Output output = new Output(dir.resolve("broker.log"));
        Process process = start(env(port), output);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> output.text().contains("edgefleet broker ready")
                    || !process.isAlive());
            assertThat(output.text())
                    .contains("edgefleet broker ready: mqtt://127.0.0.1:" + port)
                    // HiveMQ's own INFO lines, in the broker jar's log format
                    .containsPattern("INFO +\\[[^]]+\\] c\\.h\\.\\S+ - Started TCP Listener on address 127.0.0.1 and on port " + port);

            Mqtt3BlockingClient service = new MqttClients(port).connectedService("registry", SECRET);
            service.disconnect();
        } finally {
            // SIGTERM, as an init system or container runtime sends it
            process.toHandle().destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.text())
                .contains("MQTT broker on port " + port + " stopped"));
        assertThat(output.text()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_MQTT_BIND", "127.0.0.1");
        env.put("EDGEFLEET_MQTT_PORT", String.valueOf(port));
        env.put("EDGEFLEET_BROKER_DATA_DIR", dir.resolve("broker").toString());
        env.put("EDGEFLEET_REGISTRY_URL", "http://127.0.0.1:" + FreePorts.next());
        env.put("EDGEFLEET_INTERNAL_TOKEN", TOKEN);
        env.put("EDGEFLEET_SERVICE_ACCOUNTS", "registry:" + SECRET);
        return env;
    }

    private Process start(Map<String, String> env, Output output) throws IOException {
        assertThat(JAR).as("the shaded jar, built in the package phase").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx128m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.file().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("EDGEFLEET_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The process writes to a file, which outlives the process and never blocks it on a full pipe. */
    record Output(Path file) {
        String text() throws IOException {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
    }
}

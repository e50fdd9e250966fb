package io.edgefleet.telemetry.alert;

import static io.edgefleet.telemetry.alert.AlertFixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Debian's prometheus-alertmanager on a free port with a receiver that drops everything, clustering off. */
final class TestAlertmanager implements AutoCloseable {

    private static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dir;
    private final Process process;
    private final int port = FreePorts.next();

    TestAlertmanager() throws IOException {
        dir = Files.createTempDirectory("edgefleet-am-");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: drop
                receivers:
                  - name: drop
                """);
        Files.createDirectories(dir.resolve("data"));
        process = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await("alertmanager ready on port " + port, () -> status("/-/ready"), s -> s == 200, Duration.ofSeconds(20));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** GET /api/v2/alerts: the alerts Alertmanager holds as active. */
    List<JsonNode> alerts() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode array = Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
            return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
        } catch (IOException e) {
            throw new IllegalStateException("alertmanager query failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        if (!process.isAlive()) {
            throw new IllegalStateException("alertmanager exited; see " + dir.resolve("alertmanager.log"));
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.edgefleet.allinone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one jar run exactly as the README runs it, as its own process, on free ports and a
 * data directory of the test's own. It can be stopped, killed and started again on the same data.
 */
final class PlatformProcess implements AutoCloseable {

    /** A broker service account for the tests' own MQTT client, as an operator's tools would have. */
    static final String OPERATOR = "operator";
    static final String OPERATOR_SECRET = "operator-secret-for-tests-only";
    static final String ADMIN_EMAIL = "admin@edgefleet.local";

    private final Path home;
    private final Path log;
    int mqttPort;
    int gatewayPort;
    int registryPort;
    int tenancyPort;
    int deploymentPort;
    int telemetryPort;
    private final Map<String, String> extraEnv = new HashMap<>();
    private Process process;
    private boolean startedOnce;

    PlatformProcess(Path home) throws IOException {
        this.home = home;
        // the parent is a temp dir of the test's own: two test classes running at once never share a log
        this.log = Path.of("target", "e2e-logs", "platform-" + home.getParent().getFileName() + "-"
                + home.getFileName() + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        pickPorts();
    }

    private void pickPorts() throws IOException {
        this.mqttPort = freePort();
        this.gatewayPort = freePort();
        this.registryPort = freePort();
        this.tenancyPort = freePort();
        this.deploymentPort = freePort();
        this.telemetryPort = freePort();
    }

    /**
     * Starts the platform. A free port found here can be taken by another process before the platform binds it; a
     * first start that fails that way is tried again on other ports (a restart keeps its ports: agents know them).
     */
    PlatformProcess start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            long logBefore = Files.exists(log) ? Files.size(log) : 0;
            try {
                startOnce();
                startedOnce = true;
                return this;
            } catch (IllegalStateException failed) {
                String written = Files.readString(log).substring((int) Math.min(logBefore, Files.size(log)));
                if (startedOnce || attempt == 3 || !written.contains("java.net.BindException")) {
                    throw failed;
                }
                pickPorts();
            }
        }
    }

    private void startOnce() throws Exception {
        String jar = System.getProperty("edgefleet.allInOneJar", "target/edgefleet-all-in-one.jar");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("EDGEFLEET_HOME", home.toString());
        env.put("EDGEFLEET_MQTT_PORT", Integer.toString(mqttPort));
        env.put("EDGEFLEET_GATEWAY_PORT", Integer.toString(gatewayPort));
        env.put("EDGEFLEET_REGISTRY_PORT", Integer.toString(registryPort));
        env.put("EDGEFLEET_TENANCY_PORT", Integer.toString(tenancyPort));
        env.put("EDGEFLEET_DEPLOYMENT_PORT", Integer.toString(deploymentPort));
        env.put("EDGEFLEET_TELEMETRY_PORT", Integer.toString(telemetryPort));
        env.put("EDGEFLEET_OPERATOR_MQTT_ACCOUNTS", OPERATOR + ":" + OPERATOR_SECRET);
        env.putAll(extraEnv);
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        process = builder.start();
        awaitReady(Duration.ofSeconds(120), logBefore);
    }

    /** The bootstrap platform admin, signed in through the gateway with the password generated into home. */
    ApiClient admin() throws IOException, InterruptedException {
        return ApiClient.signedIn(gatewayUri(), ADMIN_EMAIL, adminPassword());
    }

    /** The bootstrap platform admin's password, generated into home at the first start. */
    String adminPassword() throws IOException {
        return Files.readString(home.resolve("admin-password")).trim();
    }

    /** Sets an environment variable for the next start. */
    PlatformProcess withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Everything the process wrote to stdout and stderr so far. */
    String logText() throws IOException {
        return Files.readString(log);
    }

    /** The platform's data directory. */
    Path home() {
        return home;
    }

    URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop an operator or systemd does. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * Waits for this start's banner in the process's own log and then for the gateway's readiness. The banner comes
     * first: a free port picked earlier can be taken by another process meanwhile (another test's platform), whose
     * readiness must not pass for this one's.
     */
    private void awaitReady(Duration timeout, long logBefore) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(gatewayUri().resolve("/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("all-in-one exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (startedSince(logBefore)
                        && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("all-in-one not ready after " + timeout + "; see " + log);
    }

    private boolean startedSince(long logBefore) throws IOException {
        String text = Files.readString(log);
        return text.substring((int) Math.min(logBefore, text.length())).contains("edgefleet is running");
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

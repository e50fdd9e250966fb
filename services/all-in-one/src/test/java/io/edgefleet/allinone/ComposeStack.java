package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The repository's docker-compose.yml run by Debian's docker-compose under a project name of its own, with a
 * settings file written as an operator would write .env (fresh secrets, free host ports).
 */
final class ComposeStack {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final Path COMPOSE_FILE = DockerEngine.REPO.resolve("docker-compose.yml");

    private final String project;
    private final Path envFile;
    private final Map<String, String> settings;
    private final List<Path> overlays = new ArrayList<>();

    ComposeStack(String project, Path workDir, Map<String, String> overrides) throws Exception {
        this.project = project;
        this.envFile = workDir.resolve("stack.env");
        this.settings = new LinkedHashMap<>();
        settings.put("EDGEFLEET_INTERNAL_TOKEN", hex(32));
        settings.put("EDGEFLEET_DB_PASSWORD", hex(24));
        for (String service : List.of("REGISTRY", "TENANCY", "DEPLOYMENT", "TELEMETRY", "GATEWAY")) {
            settings.put("EDGEFLEET_MQTT_SECRET_" + service, hex(24));
        }
        settings.put("EDGEFLEET_JWT_PRIVATE_KEY_PEM", signingKeyPkcs8());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        settings.put("EDGEFLEET_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        settings.put("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", "Compose-" + hex(8));
        settings.putAll(overrides);
        Files.createDirectories(workDir);
        Files.writeString(envFile, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
    }

    String setting(String name) {
        return settings.get(name);
    }

    /**
     * Lays a compose file over docker-compose.yml for every following command, as an operator's
     * docker-compose.override.yml would: here the agent's environment (shorter intervals for a test).
     */
    ComposeStack overlayAgentEnvironment(Map<String, String> environment) throws IOException {
        Path overlay = envFile.resolveSibling("agent-overlay.yml");
        Files.writeString(overlay, environment.entrySet().stream()
                .map(e -> "      " + e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "services:\n  agent:\n    environment:\n", "\n")), StandardCharsets.UTF_8);
        overlays.add(overlay);
        return this;
    }

    /** {@code docker-compose <args>} for this project; agentEnv goes into the environment (above the file). */
    String compose(Map<String, String> agentEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE_FILE.toString()));
        overlays.forEach(overlay -> command.addAll(List.of("-f", overlay.toString())));
        command.addAll(List.of("-p", project, "--env-file", envFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the settings file speaks: nothing of the caller's shell may leak into the stack
        builder.environment().keySet().removeIf(name -> name.startsWith("EDGEFLEET_") || name.startsWith("POSTGRES_"));
        builder.environment().putAll(agentEnv);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    String compose(String... args) throws IOException, InterruptedException {
        return compose(Map.of(), args);
    }

    /** The container's health as Docker reports it ({@code starting}, {@code healthy}, ...), or {@code absent}. */
    String health(String service) throws IOException, InterruptedException {
        return DockerEngine.run("sh", "-c", "docker inspect --format '{{.State.Health.Status}}' " + container(service)
                + " 2>/dev/null || echo absent");
    }

    String container(String service) {
        return project + "_" + service + "_1";
    }

    /** The Docker name of one of the stack's named volumes, e.g. {@code agent-data}. */
    String volume(String name) {
        return project + "_" + name;
    }

    /** {@code docker inspect --format} of the service's container. */
    String inspect(String service, String format) throws IOException, InterruptedException {
        return DockerEngine.run("docker", "inspect", "--format", format, container(service));
    }

    /** How often Docker's restart policy restarted the service's container. */
    int restartCount(String service) throws IOException, InterruptedException {
        return Integer.parseInt(inspect(service, "{{.RestartCount}}"));
    }

    /**
     * SIGKILL to the container's main process from the host: a crash, which the restart policy answers
     * ({@code docker kill} would be an operator's stop, and {@code unless-stopped} would leave it stopped).
     */
    void killMainProcess(String service) throws IOException, InterruptedException {
        String pid = inspect(service, "{{.State.Pid}}");
        if (!pid.matches("[1-9][0-9]*")) {
            throw new IllegalStateException(container(service) + " has no running main process (pid " + pid + ")");
        }
        DockerEngine.run("kill", "-9", pid);
    }

    /** Running, and healthy by its health check when it has one (the agent has none). */
    boolean runningAndHealthy(String service) throws IOException, InterruptedException {
        return inspect(service, "{{.State.Running}} {{if .State.Health}}{{.State.Health.Status}}{{else}}healthy{{end}}")
                .equals("true healthy");
    }

    /** The container's address on the stack's network, which this machine reaches directly. */
    String address(String service) throws IOException, InterruptedException {
        return inspect(service, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
    }

    /** Every container's log (all profiles) into one file, for a failed run. */
    void saveLogs(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, compose("--profile", "agent", "ps") + "\n\n"
                + compose("--profile", "agent", "logs", "--no-color", "--timestamps"), StandardCharsets.UTF_8);
    }

    /** Stops and removes the containers, the network and the named volumes, the agent's included. */
    void down() throws IOException, InterruptedException {
        compose("--profile", "agent", "down", "-v", "--remove-orphans", "--timeout", "20");
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** An EC P-256 key as .env.example says to write it: the PKCS#8 PEM's base64 on one line. */
    private static String signingKeyPkcs8() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    }
}

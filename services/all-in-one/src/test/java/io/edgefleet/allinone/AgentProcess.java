package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real agent jar as a separate process, started the way the registry's run command says. */
final class AgentProcess implements AutoCloseable {

    private final List<String> command = new ArrayList<>();
    private final Path log;
    private Process process;

    AgentProcess(String brokerUrl, String tenant, String endpointId, String secret, Path dataDir, int heartbeatSeconds)
            throws IOException {
        this(brokerUrl, tenant, endpointId, secret, dataDir, heartbeatSeconds, "");
    }

    /** @param containerPrefix put before app names to name containers, so that agents can share this Docker engine */
    AgentProcess(String brokerUrl, String tenant, String endpointId, String secret, Path dataDir, int heartbeatSeconds,
                 String containerPrefix) throws IOException {
        String jar = System.getProperty("edgefleet.agentJar", "../../edge-agent/target/edgefleet-agent.jar");
        List<String> args = new ArrayList<>(List.of(PlatformProcess.javaBin(), "-Xmx64m", "-jar", jar,
                "--broker-url", brokerUrl, "--tenant", tenant, "--endpoint-id", endpointId, "--secret", secret,
                "--data-dir", dataDir.toString(), "--heartbeat-interval", Integer.toString(heartbeatSeconds)));
        if (!containerPrefix.isEmpty()) {
            args.addAll(List.of("--container-name-prefix", containerPrefix));
        }
        this.command.addAll(args);
        this.log = Path.of("target", "e2e-logs", "agent-" + endpointId + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
    }

    /** More agent options for every following start, e.g. {@code "--metrics-interval", "3"}. */
    AgentProcess withArgs(String... args) {
        command.addAll(List.of(args));
        return this;
    }

    /** Runs the agent through this command prefix, e.g. {@code ip netns exec <site>} to put it in another network. */
    AgentProcess inside(List<String> prefix) {
        command.addAll(0, prefix);
        return this;
    }

    /** The agent's data directory. */
    Path dataDir() {
        return Path.of(command.get(command.indexOf("--data-dir") + 1));
    }

    AgentProcess start() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no DISCONNECT reaches the broker, so only the Last Will tells the platform. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the agent's shutdown hook says goodbye. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            if (isAlive()) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

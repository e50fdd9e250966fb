package io.edgefleet.agent;

import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.config.BrokerAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the integration tests need to know about this machine and the agent's identity. */
final class TestHost {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private TestHost() {
    }

    static String newEndpointId() {
        StringBuilder id = new StringBuilder("ep-");
        for (int i = 0; i < 12; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A config with 1 s heartbeats and 1 s facts checks against {@code broker}. */
    static AgentConfig config(TestBroker broker, String endpointId, String secret, Path dataDir) {
        return new AgentConfig(new BrokerAddress(false, "127.0.0.1", broker.port()), "default", endpointId, secret,
                dataDir, 1, 1, Optional.empty(), "", URI.create("unix:///var/run/docker.sock"));
    }

    /** What the docker CLI says the engine's version is. */
    static String dockerServerVersion() throws IOException, InterruptedException {
        Process docker = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                .redirectErrorStream(true).start();
        String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!docker.waitFor(30, TimeUnit.SECONDS) || docker.exitValue() != 0) {
            throw new IllegalStateException("docker version failed: " + output);
        }
        return output;
    }

    static long processorsInProcCpuinfo() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("processor")).count();
    }

    static long memTotalBytesInProcMeminfo() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(candidate -> candidate.startsWith("MemTotal:")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
    }

    static double procUptimeSeconds() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split("\\s+")[0]);
    }
}

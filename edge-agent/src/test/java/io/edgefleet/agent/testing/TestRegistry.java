package io.edgefleet.agent.testing;

import static io.edgefleet.agent.testing.DockerCli.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private image registry for tests: Debian's {@code docker-registry} on a free 127.0.0.1 port, storage in a temp
 * dir, htpasswd (bcrypt) auth with one user. The engine talks plain HTTP to it, since Docker treats registries on
 * 127.0.0.0/8 as insecure-allowed. The docker CLI logs in with its own config dir, so the machine's
 * {@code ~/.docker/config.json} stays untouched.
 */
public final class TestRegistry implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private final Process process;

    private TestRegistry(Path dir, int port, String username, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.username = username;
        this.password = password;
        this.process = process;
    }

    /** Starts a registry that accepts {@code username}/{@code password}; returns once it answers. */
    public static TestRegistry start(String username, String password) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Debian's docker-registry (scripts/test.sh does)");
        }
        Path dir = Files.createTempDirectory("edgefleet-registry-");
        String htpasswd = DockerCli.run(null, Map.of(), List.of("htpasswd", "-Bbn", username, password));
        Files.writeString(dir.resolve("htpasswd"), htpasswd + "\n");
        int port = freePort();
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: edgefleet-test
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
        Process process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        TestRegistry registry = new TestRegistry(dir, port, username, password, process);
        try {
            registry.awaitAnswer();
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** {@code 127.0.0.1:port}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /**
     * Pushes the local image {@code localImage} as {@code host()/repositoryAndTag} and removes the local tag, so
     * that the engine has to pull it to use it.
     *
     * @return the full reference of the pushed image
     */
    public String push(String localImage, String repositoryAndTag) {
        String remote = host() + "/" + repositoryAndTag;
        Map<String, String> env = Map.of("DOCKER_CONFIG", dir.resolve("docker-cli").toString());
        docker(password, env, "login", host(), "--username", username, "--password-stdin");
        docker("tag", localImage, remote);
        docker(null, env, "push", remote);
        docker("rmi", remote);
        return remote;
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("registry.log")));
            }
            try {
                int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("docker-registry did not answer on " + host() + " within 20 s: "
                + Files.readString(dir.resolve("registry.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** This machine's Docker engine, driven through the docker CLI as an operator would. */
final class DockerEngine {

    /** The local stand-in for the images' default base (eclipse-temurin cannot be pulled here). */
    static final String TEST_BASE_IMAGE = "edgefleet-test/jre:17";
    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    private DockerEngine() {}

    /** Builds {@link #TEST_BASE_IMAGE} (a jlink JRE with busybox) unless it exists. */
    static void ensureTestBaseImage() throws IOException, InterruptedException {
        run(List.of(REPO.resolve("scripts/test-images/jre-base.sh").toString(), TEST_BASE_IMAGE), REPO);
    }

    static String serverVersion() throws IOException, InterruptedException {
        return run("docker", "version", "--format", "{{.Server.Version}}");
    }

    /** Runs a command to its end; returns its trimmed output, or throws with the output when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), null);
    }

    static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("DOCKER_BUILDKIT", "0");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}

package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Facts about this machine's Docker engine, read with the docker CLI for comparison. */
final class DockerEngine {

    private DockerEngine() {}

    static String serverVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("docker version failed: " + out);
        }
        return out;
    }
}

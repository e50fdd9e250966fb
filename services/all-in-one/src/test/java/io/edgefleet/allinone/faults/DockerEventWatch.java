package io.edgefleet.allinone.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Counts one kind of Docker event of one container as it happens ({@code docker events} running for the whole
 * scenario): the witness of what really ran on the machine. Asking {@code docker events --since} afterwards is not
 * enough on a busy engine, which keeps only its latest events.
 */
public final class DockerEventWatch implements AutoCloseable {

    private final Process process;
    private final Path output;

    private DockerEventWatch(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts watching {@code event} (e.g. {@code restart}) of the container named {@code container}. */
    public static DockerEventWatch start(String container, String event) throws IOException, InterruptedException {
        Path output = Files.createTempFile("edgefleet-docker-events-", ".txt");
        Process process = new ProcessBuilder("docker", "events", "--filter", "container=" + container, "--filter",
                "event=" + event, "--format", "{{.ID}}")
                .redirectOutput(output.toFile()).redirectErrorStream(true).start();
        Thread.sleep(500); // the watch is attached before the scenario acts
        if (!process.isAlive()) {
            throw new IllegalStateException("docker events exited: " + Files.readString(output));
        }
        return new DockerEventWatch(process, output);
    }

    /** The events seen so far. */
    public long count() throws IOException {
        return Files.readAllLines(output).stream().filter(line -> !line.isBlank()).count();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(output);
    }
}

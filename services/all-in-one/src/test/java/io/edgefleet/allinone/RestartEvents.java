package io.edgefleet.allinone;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Docker's {@code restart} events of one container, counted live from construction to {@link #stop()}: the witness of
 * how often a restart command really ran. Watched live because a later {@code docker events --since} replays only the
 * engine's last 256 events, and a compose stack's health checks alone make several a second.
 */
final class RestartEvents implements AutoCloseable {

    private final Process process;
    private final AtomicLong count = new AtomicLong();
    private final Thread reader;

    RestartEvents(String container) throws IOException {
        // --since now: the events between this call and the CLI's subscription are replayed, not missed
        process = new ProcessBuilder("docker", "events", "--since", Long.toString(Instant.now().getEpochSecond()),
                "--filter", "container=" + container, "--filter", "event=restart", "--format", "{{.ID}}")
                .redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
                while (lines.readLine() != null) {
                    count.incrementAndGet();
                }
            } catch (IOException e) {
                // the stream ends when stop() ends the process
            }
        }, "docker-events");
        reader.start();
    }

    long stop() throws InterruptedException {
        close();
        reader.join(10_000);
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}

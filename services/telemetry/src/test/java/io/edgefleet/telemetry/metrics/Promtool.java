package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code promtool check metrics} on an exposition; skips the test when promtool is not installed. */
public final class Promtool {

    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** Fails unless promtool exits 0 and reports no problem. */
    public static void assertAccepted(String exposition) {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed at " + PROMTOOL);
        try {
            Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("promtool check metrics said:\n" + output).isZero();
            assertThat(output.strip()).as("promtool check metrics said:\n" + output).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException("promtool could not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

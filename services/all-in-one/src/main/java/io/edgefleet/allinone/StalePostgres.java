package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server is a child process. When the all-in-one JVM is killed with SIGKILL
 * (or the machine's OOM killer strikes) the server outlives it and keeps its data directory locked,
 * so the next start would fail. Before starting, a server left over on our data directory is asked
 * to stop the way {@code pg_ctl stop -m fast} does (SIGINT: roll back and shut down cleanly).
 */
final class StalePostgres {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostgres.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private StalePostgres() {}

    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> server = serverOf(pidFile, dataDir);
        if (server.isEmpty()) {
            return; // a stale pid file of a dead server: PostgreSQL itself cleans it up at start
        }
        long pid = server.get().pid();
        LOG.warn("PostgreSQL (pid {}) from an earlier run still holds {}; stopping it", pid, dataDir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            server.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL (pid " + pid + ") left over on " + dataDir + " did not stop: " + e, e);
        }
    }

    private static Optional<ProcessHandle> serverOf(Path pidFile, Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine()
                        .map(command -> command.contains("postgres") && command.contains(dataDir.toString()))
                        .orElse(false));
    }
}

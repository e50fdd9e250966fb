package io.edgefleet.allinone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one's PostgreSQL, watched: zonky's embedded server on the platform's data directory, started again on the
 * same data and port when it dies underneath the running platform ({@code kill -9}, the OOM killer). PostgreSQL's own
 * crash recovery then replays its write-ahead log, so every committed transaction is there; the services meanwhile
 * retry what failed (their pools reconnect, consumers keep unstored messages unacknowledged, relays try again).
 *
 * <p>A new server can only start once the dead one's backends have let go of its shared memory (they notice the
 * postmaster's death and exit within moments); if it still cannot start after {@link #GIVE_UP_AFTER}, the supervisor
 * gives up and calls {@code onGiveUp}, which ends the process, so that the machine's process supervisor restarts the
 * whole platform.
 */
final class SupervisedPostgres implements AutoCloseable {

    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedPostgres.class);
    private static final Duration SHARED_MEMORY_WAIT = Duration.ofSeconds(30);
    private static final Path SYSV_SHARED_MEMORY = Path.of("/proc/sysvipc/shm");

    private final Path dataDir;
    private final int port;
    private final Runnable onGiveUp;
    private final ExecutorService supervisor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "postgres-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger restarts = new AtomicInteger();
    private EmbeddedPostgres server;
    private boolean closed;

    private SupervisedPostgres(Path dataDir, int port, Runnable onGiveUp) {
        this.dataDir = dataDir;
        this.port = port;
        this.onGiveUp = onGiveUp;
    }

    /** Starts the server (stopping one left over on the data directory first) and watches it. */
    static SupervisedPostgres start(Path dataDir, int port, Runnable onGiveUp) throws IOException {
        StalePostgres.stopIfRunning(dataDir);
        EmbeddedPostgres first = serve(dataDir, port);
        SupervisedPostgres postgres = new SupervisedPostgres(dataDir, first.getPort(), onGiveUp);
        postgres.server = first;
        postgres.watch();
        return postgres;
    }

    int port() {
        return port;
    }

    /** How many times the server was started again after dying. */
    int restarts() {
        return restarts.get();
    }

    private static EmbeddedPostgres serve(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // stopped by close() alone: a shutdown hook of its own would stop it under the running services
                .setRegisterShutdownHook(false)
                // the library's test-friendly defaults (-F, synchronous_commit=off) would lose acknowledged writes
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private void watch() throws IOException {
        PostmasterFile pidFile = PostmasterFile.read(dataDir)
                .orElseThrow(() -> new IOException("PostgreSQL started but wrote no postmaster.pid in " + dataDir));
        ProcessHandle postmaster = ProcessHandle.of(pidFile.pid())
                .orElseThrow(() -> new IOException("PostgreSQL (pid " + pidFile.pid() + ") is gone right after starting"));
        postmaster.onExit().thenRun(() -> supervisor.execute(() -> restart(pidFile)));
    }

    private void restart(PostmasterFile dead) {
        EmbeddedPostgres old;
        synchronized (this) {
            if (closed) {
                return;
            }
            old = server;
        }
        LOG.error("PostgreSQL (pid {}) exited on its own; starting it again on {} (port {})", dead.pid(), dataDir, port);
        long started = System.nanoTime();
        closeQuietly(old); // its pg_ctl stop finds no server; what matters is that it lets go of the data directory
        waitForSharedMemoryRelease(dead);
        try {
            EmbeddedPostgres fresh = serve(dataDir, port);
            synchronized (this) {
                if (closed) {
                    closeQuietly(fresh);
                    return;
                }
                server = fresh;
                restarts.incrementAndGet();
            }
            watch();
            LOG.warn("PostgreSQL is back on port {} after {} ms (restart {})", port,
                    (System.nanoTime() - started) / 1_000_000, restarts.get());
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            LOG.error("PostgreSQL could not be started again on {}; giving up so that the process is restarted", dataDir, e);
            onGiveUp.run();
        }
    }

    // the dead postmaster's backends hold its shared memory until they noticed and exited; a new server refuses to
    // start beside them ("pre-existing shared memory block is still in use")
    private void waitForSharedMemoryRelease(PostmasterFile dead) {
        long deadline = System.nanoTime() + SHARED_MEMORY_WAIT.toNanos();
        while (System.nanoTime() < deadline && dead.sharedMemoryId().map(SupervisedPostgres::attached).orElse(false)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean attached(long shmid) {
        try {
            for (String line : Files.readAllLines(SYSV_SHARED_MEMORY)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 6 && fields[1].equals(Long.toString(shmid))) {
                    return !fields[6].equals("0"); // nattch
                }
            }
            return false;
        } catch (IOException e) {
            return false; // not Linux: try to start, the retry is PostgreSQL's own refusal
        }
    }

    @Override
    public void close() {
        EmbeddedPostgres current;
        synchronized (this) {
            closed = true;
            current = server;
        }
        supervisor.shutdownNow();
        closeQuietly(current);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stopping PostgreSQL failed: {}", e.toString());
        }
    }

    /** What {@code postmaster.pid} says: the server's pid and the id of its System V shared memory segment. */
    record PostmasterFile(long pid, Optional<Long> sharedMemoryId) {

        static Optional<PostmasterFile> read(Path dataDir) throws IOException {
            Path file = dataDir.resolve("postmaster.pid");
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
                return Optional.empty();
            }
            // line 7 holds "<key> <shmid>" of the segment
            Optional<Long> shmid = Optional.empty();
            if (lines.size() > 6) {
                String[] fields = lines.get(6).trim().split("\\s+");
                if (fields.length == 2 && fields[1].matches("\\d+")) {
                    shmid = Optional.of(Long.parseLong(fields[1]));
                }
            }
            return Optional.of(new PostmasterFile(Long.parseLong(lines.get(0).trim()), shmid));
        }
    }
}

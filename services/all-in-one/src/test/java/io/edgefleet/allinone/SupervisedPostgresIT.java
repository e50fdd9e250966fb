package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The all-in-one's PostgreSQL comes back by itself after a {@code kill -9}, with every committed row. */
class SupervisedPostgresIT {

    private Path home;
    private SupervisedPostgres postgres;
    private final AtomicBoolean gaveUp = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        home = Files.createTempDirectory("edgefleet-pg-");
        postgres = SupervisedPostgres.start(home.resolve("postgres"), 0, () -> gaveUp.set(true));
    }

    @AfterEach
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        try (var paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aKilledServerIsStartedAgainOnTheSamePortWithEveryCommittedRow() throws Exception {
        execute("CREATE TABLE ledger (id int PRIMARY KEY)");
        execute("INSERT INTO ledger SELECT generate_series(1, 1000)");
        try (Connection held = connect()) {
            long postmaster = postmasterPid();
            new ProcessBuilder("kill", "-9", Long.toString(postmaster)).inheritIO().start().waitFor();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> postgres.restarts() == 1 && count() == 1000);
            assertThat(postmasterPid()).isNotEqualTo(postmaster);
            assertThat(held.isValid(2)).as("a connection to the dead server is gone").isFalse();
        }
        // and once more: the new server is watched too
        new ProcessBuilder("kill", "-9", Long.toString(postmasterPid())).inheritIO().start().waitFor();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> postgres.restarts() == 2 && count() == 1000);
        assertThat(gaveUp).isFalse();
    }

    @Test
    void closingStopsTheServerWithoutStartingItAgain() throws Exception {
        int port = postgres.port();
        postgres.close();
        postgres = null;
        Thread.sleep(2000);
        assertThat(Files.exists(home.resolve("postgres/postmaster.pid"))).as("a server runs on the data").isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "").close()).as("a server answers on the port").isInstanceOf(SQLException.class);
        assertThat(gaveUp).isFalse();
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    private long count() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT count(*) FROM ledger")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", "postgres", "");
    }
}

package io.edgefleet.kit.testing;

import io.edgefleet.kit.config.DbConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL (zonky embedded, PostgreSQL 14) shared by all tests of a JVM, started on first use and
 * stopped at JVM exit. Every {@link #dbConfig()} call creates a fresh database, so test classes never see
 * each other's rows.
 */
public final class TestPostgres {

    private static final String USER = "postgres";

    private TestPostgres() {
    }

    private static final class Holder {
        private static final EmbeddedPostgres POSTGRES = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; zonky removes its data directory itself
                    }
                }, "test-postgres-stop"));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
    }

    /** The shared server (started on first call). */
    public static EmbeddedPostgres server() {
        return Holder.POSTGRES;
    }

    /** Creates a new empty database {@code t_<random>} and returns how to reach it. */
    public static DbConfig dbConfig() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new DbConfig("localhost", server().getPort(), name, USER, "postgres", 4);
    }
}

package io.edgefleet.kit.config;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Objects;

/**
 * Where a service's PostgreSQL lives.
 *
 * @param poolSize maximum connections of the service's Vert.x pool
 */
public record DbConfig(String host, int port, String database, String user, String password, int poolSize) {

    public static final String HOST = "EDGEFLEET_DB_HOST";
    public static final String PORT = "EDGEFLEET_DB_PORT";
    public static final String NAME = "EDGEFLEET_DB_NAME";
    public static final String USER = "EDGEFLEET_DB_USER";
    public static final String PASSWORD = "EDGEFLEET_DB_PASSWORD";
    public static final String POOL_SIZE = "EDGEFLEET_DB_POOL_SIZE";

    public DbConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65535) {
            throw new ConfigException("database port must be between 1 and 65535, got " + port);
        }
        if (poolSize < 1) {
            throw new ConfigException("database pool size must be at least 1, got " + poolSize);
        }
    }

    /** A config with the default pool size of 8. */
    public DbConfig(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, 8);
    }

    public static DbConfig fromEnv(Env env) {
        return new DbConfig(
                env.string(HOST, "localhost"),
                env.port(PORT, 5432),
                env.string(NAME, "edgefleet"),
                env.string(USER, "edgefleet"),
                env.string(PASSWORD, ""),
                env.integer(POOL_SIZE, 8, 1, 1000));
    }

    /** JDBC URL for Flyway (no credentials in it). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Connect options for the Vert.x PostgreSQL client. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setPassword(password);
    }

    /** The same database with another pool size (a second, smaller pool of the same service). */
    public DbConfig withPoolSize(int otherPoolSize) {
        return new DbConfig(host, port, database, user, password, otherPoolSize);
    }

    @Override
    public String toString() {
        return "DbConfig[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
                + ", password=" + (password.isEmpty() ? "<empty>" : "<hidden>") + ", poolSize=" + poolSize + "]";
    }
}

package io.edgefleet.kit.db;

import io.edgefleet.kit.config.DbConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates a service's schema and opens its connection pool.
 *
 * <p>Two Flyway runs share the schema: the kit's tables from {@code classpath:db/kit} (history table
 * {@value #KIT_HISTORY}), then the service's from {@code classpath:db/migration/<schema>} (history
 * {@code flyway_schema_history}), so kit versions never collide with the service's. Both baseline at
 * version 0, which lets each run accept the other's tables and still apply its own V1.
 */
public final class Database {

    public static final String KIT_HISTORY = "flyway_kit_history";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Pattern SCHEMA = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    private Database() {
    }

    /**
     * Runs both migrations on a worker thread, then builds a pool whose connections use
     * {@code search_path = <schema>}.
     *
     * @param schema the service's schema, e.g. {@code "registry"}; lower-case letters, digits, underscores
     */
    public static Future<Pool> migrateAndConnect(Vertx vertx, DbConfig config, String schema) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(schema, "schema");
        if (!SCHEMA.matcher(schema).matches()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "schema name '" + schema + "' must match " + SCHEMA.pattern()));
        }
        return vertx.executeBlocking(() -> {
            migrate(config, schema);
            return null;
        }, false).map(v -> pool(vertx, config, schema));
    }

    /** Runs the kit's and the service's migrations; blocking (JDBC). */
    public static void migrate(DbConfig config, String schema) {
        MigrateResult kit = flyway(config, schema, "classpath:db/kit").table(KIT_HISTORY).load().migrate();
        MigrateResult own = flyway(config, schema, "classpath:db/migration/" + schema).load().migrate();
        LOG.info("database {} schema {} migrated: kit {} ({} applied), service {} ({} applied)", config.database(), schema,
                version(kit), kit.migrationsExecuted, version(own), own.migrationsExecuted);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DbConfig config, String schema,
                                                                                   String location) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(location)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(true);
    }

    private static String version(MigrateResult result) {
        return result.targetSchemaVersion == null ? "none" : result.targetSchemaVersion;
    }

    /** A pool on the schema without migrating (e.g. for a second verticle instance). */
    public static Pool pool(Vertx vertx, DbConfig config, String schema) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(config.poolSize()))
                .connectingTo(config.connectOptions().setProperties(Map.of("search_path", schema)))
                .using(vertx)
                .build();
    }
}

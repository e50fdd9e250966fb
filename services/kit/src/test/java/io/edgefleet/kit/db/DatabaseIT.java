package io.edgefleet.kit.db;

import static io.edgefleet.kit.testing.Await.failure;
import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseIT {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        result(vertx.close());
    }

    private static List<String> strings(Pool pool, String sql, Object... params) {
        List<String> values = new ArrayList<>();
        for (Row row : result(pool.preparedQuery(sql).execute(Tuple.from(params)))) {
            values.add(row.getString(0));
        }
        return values;
    }

    @Test
    void migrateAndConnectCreatesTheSchemaKitTablesAndServiceTables() {
        DbConfig db = TestPostgres.dbConfig();
        Pool pool = result(Database.migrateAndConnect(vertx, db, "kittest"));
        try {
            assertThat(strings(pool, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
                    "kittest"))
                    .containsExactly("flyway_kit_history", "flyway_schema_history", "inbox", "outbox", "widgets");
            // the pool's search_path is the service schema: unqualified names resolve there
            assertThat(strings(pool, "SELECT current_schema()::text")).containsExactly("kittest");
            result(pool.query("INSERT INTO widgets (id, name) VALUES ('w1', 'gear')").execute());
            assertThat(strings(pool, "SELECT version FROM kittest.flyway_kit_history WHERE success AND version IS NOT NULL"
                    + " AND version <> '0' ORDER BY installed_rank")).containsExactly("1");
            assertThat(strings(pool, "SELECT version FROM kittest.flyway_schema_history WHERE success AND version IS NOT NULL"
                    + " AND version <> '0' ORDER BY installed_rank")).containsExactly("1");
        } finally {
            result(pool.close());
        }
    }

    @Test
    void secondRunIsIdempotentAndKeepsData() {
        DbConfig db = TestPostgres.dbConfig();
        Pool first = result(Database.migrateAndConnect(vertx, db, "kittest"));
        result(first.query("INSERT INTO widgets (id, name) VALUES ('w1', 'gear')").execute());
        result(first.close());

        Pool second = result(Database.migrateAndConnect(vertx, db, "kittest"));
        try {
            assertThat(strings(second, "SELECT name FROM widgets")).containsExactly("gear");
            assertThat(strings(second, "SELECT count(*)::text FROM flyway_kit_history WHERE version = '1'"))
                    .containsExactly("1");
        } finally {
            result(second.close());
        }
    }

    @Test
    void aSchemaWithoutServiceMigrationsGetsTheKitTablesOnly() {
        Pool pool = result(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "lonely"));
        try {
            assertThat(strings(pool, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
                    "lonely")).contains("inbox", "outbox").doesNotContain("widgets");
        } finally {
            result(pool.close());
        }
    }

    @Test
    void databaseReadinessCheckFollowsThePool() {
        Pool pool = result(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "kittest"));
        result(io.edgefleet.kit.http.Health.database(pool).get());
        result(pool.close());
        assertThat(failure(io.edgefleet.kit.http.Health.database(pool).get())).isNotNull();
    }

    @Test
    void invalidSchemaNameIsRefusedBeforeTouchingTheDatabase() {
        assertThat(failure(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "Robert'); DROP TABLE x;--")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema name");
    }

    @Test
    void unreachableDatabaseFailsWithTheCause() {
        DbConfig db = TestPostgres.dbConfig();
        DbConfig wrong = new DbConfig(db.host(), io.edgefleet.kit.testing.FreePorts.next(), db.database(), db.user(),
                db.password());
        assertThat(failure(Database.migrateAndConnect(vertx, wrong, "kittest"))).isNotNull();
    }
}

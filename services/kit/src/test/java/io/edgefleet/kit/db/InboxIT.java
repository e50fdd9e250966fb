package io.edgefleet.kit.db;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InboxIT {

    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void migrate() {
        vertx = Vertx.vertx();
        pool = result(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "kittest"));
    }

    @AfterAll
    static void close() {
        result(pool.close());
        result(vertx.close());
    }

    @Test
    void secondDeliveryOfTheSameIdReturnsFalseAndTheTransactionStillCommits() {
        boolean first = result(pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-1")
                .compose(fresh -> tx.query("INSERT INTO widgets (id, name) VALUES ('a', 'first')").execute().map(fresh))));
        boolean second = result(pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-1")
                .compose(fresh -> fresh
                        ? tx.query("INSERT INTO widgets (id, name) VALUES ('b', 'second')").execute().map(true)
                        // the duplicate left the transaction usable: this statement must run
                        : tx.query("UPDATE widgets SET name = 'seen twice' WHERE id = 'a'").execute().map(false))));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(result(pool.query("SELECT name FROM widgets WHERE id = 'a'").execute()).iterator().next().getString(0))
                .isEqualTo("seen twice");
        assertThat(result(pool.query("SELECT count(*) FROM widgets WHERE id = 'b'").execute()).iterator().next().getLong(0))
                .isZero();
    }

    @Test
    void idFromARolledBackTransactionIsStillFirstDeliveryNextTime() {
        Future<Boolean> rolledBack = pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-rb")
                .compose(fresh -> Future.<Boolean>failedFuture("applying the event failed")));
        Throwable failure = io.edgefleet.kit.testing.Await.failure(rolledBack);
        assertThat(failure).hasMessageContaining("applying the event failed");

        boolean again = result(pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-rb")));
        assertThat(again).isTrue();
    }

    @Test
    void distinctIdsAreEachFirstDeliveries() {
        boolean x = result(pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-x")));
        boolean y = result(pool.withTransaction(tx -> Inbox.firstDelivery(tx, "evt-y")));
        assertThat(x).isTrue();
        assertThat(y).isTrue();
    }
}

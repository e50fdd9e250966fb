package io.edgefleet.kit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aServerThatIsAwayRestartingOrOverloadedIsWorthTryingAgain() {
        assertThat(DatabaseFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseFailures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseFailures.isTransient(VertxException.noStackTrace("Timeout waiting for connection"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed")))
                .as("the service is stopping").isTrue();
        assertThat(DatabaseFailures.isTransient(pg("57P01"))).as("admin_shutdown").isTrue();
        assertThat(DatabaseFailures.isTransient(pg("57P03"))).as("cannot_connect_now (starting up)").isTrue();
        assertThat(DatabaseFailures.isTransient(pg("08006"))).as("connection_failure").isTrue();
        assertThat(DatabaseFailures.isTransient(pg("53300"))).as("too_many_connections").isTrue();
        assertThat(DatabaseFailures.isTransient(pg("40001"))).as("serialization_failure").isTrue();
        assertThat(DatabaseFailures.isTransient(new RuntimeException("wrapped", new ConnectException("refused")))).isTrue();
    }

    @Test
    void aFailureThatWouldRepeatIsNot() {
        assertThat(DatabaseFailures.isTransient(pg("23505"))).as("unique_violation").isFalse();
        assertThat(DatabaseFailures.isTransient(pg("42P01"))).as("undefined_table").isFalse();
        assertThat(DatabaseFailures.isTransient(pg("22P02"))).as("invalid_text_representation").isFalse();
        assertThat(DatabaseFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(DatabaseFailures.isTransient(new IllegalArgumentException("bad report"))).isFalse();
        assertThat(DatabaseFailures.isTransient(VertxException.noStackTrace("Timeout"))).isFalse();
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, "detail");
    }
}

package io.edgefleet.kit.db;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.Set;

/**
 * Tells a database failure that may pass (PostgreSQL unreachable, restarting, out of connections, a serialization
 * conflict) from one that will repeat (a constraint, a type error, a bug): the first is worth trying again, the
 * second is not.
 */
public final class DatabaseFailures {

    /** SQLSTATE classes and codes of failures that a later attempt can get past. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of(
            "08", // connection exception
            "53", // insufficient resources (too many connections, disk full, out of memory)
            "57"); // operator intervention: admin_shutdown, crash_shutdown, cannot_connect_now
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03"); // lock_not_available

    private DatabaseFailures() {
    }

    /** Whether trying the same work again later may succeed; looks through the failure's causes. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                String state = database.getSqlState();
                return state != null && (TRANSIENT_CODES.contains(state)
                        || state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
            }
            if (cause instanceof ClosedConnectionException || cause instanceof IOException
                    || cause instanceof NoStackTraceTimeoutException || isPoolWaitTimeout(cause)
                    || isPoolClosed(cause)) {
                return true; // the connection broke, the server refused it, or no pooled connection came in time
            }
        }
        return false;
    }

    private static boolean isPoolWaitTimeout(Throwable failure) {
        // the SQL client's pool fails a query that waited past connectionTimeout with this message and no type of its own
        return failure instanceof VertxException && "Timeout waiting for connection".equals(failure.getMessage());
    }

    private static boolean isPoolClosed(Throwable failure) {
        // the service is stopping: what has not been stored must stay the broker's (or be tried by the next process)
        return "Pool closed".equals(failure.getMessage());
    }
}

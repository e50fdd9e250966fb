package io.edgefleet.deployment.desired;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Serialises every change that can alter a tenant's desired documents (app changes, endpoint events, purges), so that
 * two transactions never both read generation n and both publish n + 1. Transaction-scoped: released at commit or
 * rollback. The two-key form keeps it apart from the outbox relay's single-key lock.
 */
public final class TenantLock {

    // an arbitrary class id for the first key; the second is the tenant's hash
    private static final int CLASS_ID = 0x0ede_0001;
    private static final String LOCK = "SELECT pg_advisory_xact_lock($1, hashtext($2))";

    private TenantLock() {
    }

    /** Waits until this transaction holds the tenant's lock. */
    public static Future<Void> acquire(SqlConnection tx, String tenant) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(CLASS_ID, tenant)).mapEmpty();
    }
}

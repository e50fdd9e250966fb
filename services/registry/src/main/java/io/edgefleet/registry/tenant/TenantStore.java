package io.edgefleet.registry.tenant;

import io.edgefleet.registry.endpoint.EndpointStore;
import io.edgefleet.registry.integration.IntegrationKeyStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenants the registry knows, as the tenancy service announces them, and the purge of a deleted tenant's data.
 * A tenant's row is the lock every change of its data goes through: creating endpoints or keys takes it shared, the
 * purge exclusively, so nothing new can appear in a tenant while it is being purged.
 */
public final class TenantStore {

    /** The tenant does not exist (or no longer). */
    public static final class NotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String tenant) {
            super("tenant '" + tenant + "' does not exist");
        }
    }

    /** The tenant is disabled: its data can be read and removed, but nothing new is created in it. */
    public static final class DisabledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DisabledException(String tenant) {
            super("tenant '" + tenant + "' is disabled: nothing can be created in it until it is enabled again");
        }
    }

    /** What a purge removed. */
    public record Purged(boolean tenantExisted, int endpoints, int integrationKeys) {
    }

    public static final String ACTIVE = "active";

    private static final String STATUS = "SELECT status FROM tenants WHERE id = $1";
    private static final String LOCK_SHARED = "SELECT status FROM tenants WHERE id = $1 FOR SHARE";
    private static final String LOCK_FOR_PURGE = "SELECT updated_at FROM tenants WHERE id = $1 FOR UPDATE";
    private static final String DELETE = "DELETE FROM tenants WHERE id = $1";
    // an older snapshot (delivered late) never replaces a newer one
    private static final String UPSERT = """
            INSERT INTO tenants (id, display_name, status, updated_at, received_at) VALUES ($1, $2, $3, $4, now())
            ON CONFLICT (id) DO UPDATE
               SET display_name = EXCLUDED.display_name, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
                   received_at = now()
             WHERE tenants.updated_at <= EXCLUDED.updated_at""";

    private final Pool pool;
    private final Runnable afterCommit;

    /** @param afterCommit runs after a purge that queued events (wakes the outbox relay) */
    public TenantStore(Pool pool, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** @return {@code active} or {@code disabled}; empty when the registry knows no such tenant */
    public Future<Optional<String>> status(String tenant) {
        return pool.preparedQuery(STATUS).execute(Tuple.of(tenant))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("status")));
    }

    /**
     * Records a tenant snapshot, unless the registry already holds a newer one.
     *
     * @return whether the snapshot was applied
     */
    public Future<Boolean> apply(String tenant, String displayName, String status, OffsetDateTime updatedAt) {
        return pool.preparedQuery(UPSERT).execute(Tuple.of(tenant, displayName, status, updatedAt))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Deletes every endpoint and integration key of the tenant (each with its {@code endpoint.deleted} or
     * {@code integration-key.revoked} event) and then the tenant, in one transaction.
     *
     * @param deletedAt when the tenant was deleted, if known: a tenant whose snapshot is newer was created again
     *                  after that and is kept
     */
    public Future<Purged> purge(String tenant, Optional<OffsetDateTime> deletedAt) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_FOR_PURGE).execute(Tuple.of(tenant)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(new Purged(false, 0, 0));
            }
            OffsetDateTime updatedAt = rows.iterator().next().getOffsetDateTime("updated_at");
            if (deletedAt.isPresent() && updatedAt.isAfter(deletedAt.get())) {
                return Future.succeededFuture(new Purged(true, 0, 0));
            }
            return EndpointStore.purgeTenant(tx, tenant).compose(endpoints -> IntegrationKeyStore.purgeTenant(tx, tenant)
                    .compose(keys -> tx.preparedQuery(DELETE).execute(Tuple.of(tenant))
                            .map(deleted -> new Purged(true, endpoints, keys))));
        })).onSuccess(purged -> afterCommit.run());
    }

    /**
     * Locks the tenant's row shared for the rest of the caller's transaction, so that no purge runs meanwhile, and
     * fails with {@link NotFoundException} or {@link DisabledException} unless the tenant is active.
     */
    public static Future<Void> lockActive(SqlConnection tx, String tenant) {
        return tx.preparedQuery(LOCK_SHARED).execute(Tuple.of(tenant)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new NotFoundException(tenant));
            }
            return ACTIVE.equals(rows.iterator().next().getString("status"))
                    ? Future.succeededFuture()
                    : Future.failedFuture(new DisabledException(tenant));
        });
    }
}

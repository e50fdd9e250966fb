package io.edgefleet.tenancy.tenant;

import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.tenancy.TenancyConfig;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tenants in PostgreSQL. Every change writes its {@code tenant.*} event and the tenant's retained snapshot
 * ({@link TenantSnapshots}) to the outbox in the same transaction, so both go out exactly when the change is
 * committed. A change locks the tenant's row before it writes, so two changes of one tenant queue their snapshots
 * in commit order and the last retained snapshot is the current state.
 */
public final class TenantStore {

    /** The tenant id is taken. */
    public static final class IdTakenException extends RuntimeException {
        IdTakenException(String id) {
            super("tenant '" + id + "' already exists");
        }
    }

    private static final String COLUMNS = "id, display_name, status, created_at, updated_at";

    private final Pool pool;
    private final Runnable wakeRelay;

    public TenantStore(Pool pool, Runnable wakeRelay) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.wakeRelay = Objects.requireNonNull(wakeRelay, "wakeRelay");
    }

    public Future<Tenant> create(String id, String displayName) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO tenants (id, display_name, status) VALUES ($1, $2, 'active')"
                                + " RETURNING " + COLUMNS)
                        .execute(Tuple.of(id, displayName))
                        .map(rows -> Tenant.from(rows.iterator().next()))
                        .compose(tenant -> emit(tx, "tenant.created", tenant)
                                .compose(v -> TenantSnapshots.publish(tx, tenant))
                                .map(tenant)))
                .recover(failure -> Future.failedFuture(failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? new IdTakenException(id) : failure))
                .onSuccess(t -> wakeRelay.run());
    }

    public Future<List<Tenant>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM tenants ORDER BY id").execute().map(rows -> {
            List<Tenant> tenants = new ArrayList<>();
            rows.forEach(row -> tenants.add(Tenant.from(row)));
            return tenants;
        });
    }

    public Future<Optional<Tenant>> get(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM tenants WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Tenant.from(rows.iterator().next())));
    }

    /**
     * Renames and/or changes the status; emits {@code tenant.updated} for a new name and {@code tenant.disabled} /
     * {@code tenant.enabled} for a status change. Empty when the tenant does not exist.
     */
    public Future<Optional<Tenant>> update(String id, Optional<String> displayName, Optional<String> status) {
        return pool.withTransaction(tx -> locked(tx, id).compose(before -> {
            if (before.isEmpty()) {
                return Future.succeededFuture(Optional.<Tenant>empty());
            }
            return tx.preparedQuery("UPDATE tenants SET display_name = coalesce($2, display_name), status = coalesce($3, status),"
                                    + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                    .execute(Tuple.of(id, displayName.orElse(null), status.orElse(null)))
                    .map(rows -> Tenant.from(rows.iterator().next()))
                    .compose(after -> events(tx, before.get(), after)
                            .compose(v -> TenantSnapshots.publish(tx, after))
                            .map(Optional.of(after)));
        })).onSuccess(t -> wakeRelay.run());
    }

    /**
     * Disables the tenant (emitting {@code tenant.disabled} if it was active), then deletes it ({@code tenant.deleted})
     * and clears its retained snapshot.
     */
    public Future<Boolean> delete(String id) {
        return pool.withTransaction(tx -> locked(tx, id).compose(before -> {
            if (before.isEmpty()) {
                return Future.succeededFuture(false);
            }
            Future<Void> disabled = before.get().active()
                    ? emit(tx, "tenant.disabled", withStatus(before.get(), Tenant.DISABLED)) : Future.succeededFuture();
            return disabled
                    .compose(v -> tx.preparedQuery("DELETE FROM tenants WHERE id = $1").execute(Tuple.of(id)))
                    .compose(v -> emit(tx, "tenant.deleted", withStatus(before.get(), Tenant.DISABLED)))
                    .compose(v -> TenantSnapshots.clear(tx, id))
                    .map(true);
        })).onSuccess(t -> wakeRelay.run());
    }

    /**
     * Queues the retained snapshot of every tenant, e.g. at start, so that the tenants that exist without ever having
     * changed through this service (the migration's {@code default}) and snapshots lost with a broker's data appear.
     * The rows are share-locked, so a concurrent change commits (and queues its own snapshot) after these.
     *
     * @return how many snapshots were queued
     */
    public Future<Integer> publishSnapshots() {
        return pool.withTransaction(tx -> tx.query("SELECT " + COLUMNS + " FROM tenants ORDER BY id FOR SHARE").execute()
                .compose(rows -> {
                    List<Tenant> tenants = new ArrayList<>();
                    rows.forEach(row -> tenants.add(Tenant.from(row)));
                    Future<Void> chain = Future.succeededFuture();
                    for (Tenant tenant : tenants) {
                        chain = chain.compose(v -> TenantSnapshots.publish(tx, tenant));
                    }
                    return chain.map(tenants.size());
                })).onSuccess(count -> wakeRelay.run());
    }

    private static Future<Optional<Tenant>> locked(SqlConnection tx, String id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM tenants WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Tenant.from(rows.iterator().next())));
    }

    private static Future<Void> events(SqlConnection tx, Tenant before, Tenant after) {
        Future<Void> chain = Future.succeededFuture();
        if (!before.displayName().equals(after.displayName())) {
            chain = chain.compose(v -> emit(tx, "tenant.updated", after));
        }
        if (!before.status().equals(after.status())) {
            chain = chain.compose(v -> emit(tx, after.active() ? "tenant.enabled" : "tenant.disabled", after));
        }
        return chain;
    }

    private static Tenant withStatus(Tenant tenant, String status) {
        return new Tenant(tenant.id(), tenant.displayName(), status, tenant.createdAt(), tenant.updatedAt());
    }

    private static Future<Void> emit(SqlConnection tx, String type, Tenant tenant) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant", tenant.id());
        data.put("displayName", tenant.displayName());
        data.put("status", tenant.status());
        return Outbox.append(tx, EventEnvelope.create(TenancyConfig.SERVICE, type, tenant.id(), tenant.id(), data));
    }
}

package io.edgefleet.deployment.registry;

import io.edgefleet.deployment.desired.DesiredCompiler;
import io.edgefleet.deployment.desired.TenantLock;
import io.edgefleet.kit.crypto.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Registry credentials per tenant. The password column only ever holds {@link SecretBox}-sealed bytes bound to
 * tenant and name; it is opened only to compile the desired documents of the endpoints whose apps use the registry.
 * A change recompiles the tenant's documents (in the same transaction, under its {@link TenantLock}), so a new
 * password reaches exactly the endpoints that use the registry, as a new generation.
 */
public final class RegistryStore {

    private static final String COLUMNS = "name, host, username, version, created_at, updated_at, updated_by";
    private static final String LIST = "SELECT " + COLUMNS + " FROM registries WHERE tenant = $1 ORDER BY name";
    private static final String GET = "SELECT " + COLUMNS + " FROM registries WHERE tenant = $1 AND name = $2";
    private static final String HOST_TAKEN = "SELECT name FROM registries WHERE tenant = $1 AND lower(host) = lower($2) AND name <> $3";
    private static final String INSERT = """
            INSERT INTO registries (tenant, name, host, username, password, version, created_at, updated_at, updated_by)
            VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7) ON CONFLICT (tenant, name) DO NOTHING RETURNING""" + " " + COLUMNS;
    private static final String UPDATE = """
            UPDATE registries SET host = $3, username = $4, password = coalesce($5, password), version = version + 1,
                   updated_at = $6, updated_by = $7
             WHERE tenant = $1 AND name = $2 RETURNING""" + " " + COLUMNS;
    private static final String DELETE = "DELETE FROM registries WHERE tenant = $1 AND name = $2";
    private static final String USED_BY = """
            SELECT a.name FROM apps a
              JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision
             WHERE a.tenant = $1 AND r.registries @> jsonb_build_array($2::text) ORDER BY a.name""";
    private static final String PURGE = "DELETE FROM registries WHERE tenant = $1";

    /** The tenant already has a registry of that name, or one for that host. */
    public static final class TakenException extends RuntimeException {
        public TakenException(String message) {
            super(message);
        }
    }

    /** Apps use the registry, so it cannot go. */
    public static final class InUseException extends RuntimeException {
        public InUseException(String name, List<String> apps) {
            super("registry '" + name + "' is used by the app(s) " + String.join(", ", apps)
                    + "; remove it from their registries first");
        }
    }

    private final Pool pool;
    private final DesiredCompiler compiler;
    private final RegistrySeal seal;
    private final Runnable afterCommit;

    public RegistryStore(Pool pool, DesiredCompiler compiler, RegistrySeal seal, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.seal = Objects.requireNonNull(seal, "seal");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** Whether passwords can be sealed (the service has {@value SecretBox#SECRET_KEY}). */
    public boolean canSeal() {
        return seal.canSeal();
    }

    public Future<Registry> create(String tenant, String name, String host, String username, String password, String by) {
        OffsetDateTime now = now();
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> hostFree(tx, tenant, name, host))
                .compose(v -> tx.preparedQuery(INSERT).execute(Tuple.of(tenant, name, host, username,
                        Buffer.buffer(seal.seal(tenant, name, password)), now, by)))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new TakenException("a registry named '" + name + "' already exists in this tenant"))
                        : Future.succeededFuture(registry(rows.iterator().next()))));
    }

    public Future<List<Registry>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
            List<Registry> registries = new ArrayList<>();
            rows.forEach(row -> registries.add(registry(row)));
            return registries;
        });
    }

    public Future<Optional<Registry>> get(String tenant, String name) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, name))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(registry(rows.iterator().next())));
    }

    /**
     * Changes host and user name, and the password when one is given; recompiles the tenant's documents.
     *
     * @return empty when the tenant has no such registry
     */
    public Future<Optional<Registry>> update(String tenant, String name, String host, String username, String password,
                                             String by) {
        Buffer sealed = password == null ? null : Buffer.buffer(seal.seal(tenant, name, password));
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> hostFree(tx, tenant, name, host))
                .compose(v -> tx.preparedQuery(UPDATE).execute(Tuple.of(tenant, name, host, username, sealed, now(), by)))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Registry>empty())
                        : compiler.recompute(tx, tenant, null).map(Optional.of(registry(rows.iterator().next())))))
                .onSuccess(done -> afterCommit.run());
    }

    /**
     * Deletes a registry no app uses; fails with {@link InUseException} naming the apps that use it.
     *
     * @return whether the tenant had such a registry
     */
    public Future<Boolean> delete(String tenant, String name) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> tx.preparedQuery(USED_BY).execute(Tuple.of(tenant, name)))
                .compose(users -> {
                    if (users.size() > 0) {
                        List<String> apps = new ArrayList<>();
                        users.forEach(row -> apps.add(row.getString("name")));
                        return Future.failedFuture(new InUseException(name, apps));
                    }
                    return tx.preparedQuery(DELETE).execute(Tuple.of(tenant, name)).map(rows -> rows.rowCount() > 0);
                }));
    }

    /** Deletes a deleted tenant's registries, in the purge's transaction. */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(PURGE).execute(Tuple.of(tenant)).map(rows -> rows.rowCount());
    }

    private static Future<Void> hostFree(SqlConnection tx, String tenant, String name, String host) {
        return tx.preparedQuery(HOST_TAKEN).execute(Tuple.of(tenant, host, name)).compose(rows -> rows.size() == 0
                ? Future.succeededFuture()
                : Future.failedFuture(new TakenException("registry '" + rows.iterator().next().getString("name")
                        + "' of this tenant already holds credentials for host " + host)));
    }

    private static Registry registry(Row row) {
        return new Registry(row.getString("name"), row.getString("host"), row.getString("username"),
                row.getInteger("version"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
                row.getString("updated_by"));
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}

package io.edgefleet.registry.integration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Integration keys in PostgreSQL. Each change and its event ({@code integration-key.created},
 * {@code integration-key.revoked}) commit in one transaction; the revocation event makes the broker drop the key's
 * session at once. Secrets are stored as SHA-256 hex only, like endpoint secrets.
 */
public final class IntegrationKeyStore {

    static final String COLUMNS = "id, tenant, name, created_at, created_by, expires_at";

    private static final String SERVICE = "registry";
    private static final String NAME_CONSTRAINT = "integration_keys_tenant_name_key";
    private static final String INSERT = "INSERT INTO integration_keys (id, tenant, name, secret_sha256, created_by, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
    private static final String LIST = "SELECT " + COLUMNS + " FROM integration_keys WHERE tenant = $1 ORDER BY lower(name), id";
    private static final String GET = "SELECT " + COLUMNS + " FROM integration_keys WHERE tenant = $1 AND id = $2";
    private static final String DELETE = "DELETE FROM integration_keys WHERE tenant = $1 AND id = $2 RETURNING id, tenant, name";
    private static final String DELETE_TENANT = "DELETE FROM integration_keys WHERE tenant = $1 RETURNING id, tenant, name";
    /**
     * $1 key id: the broker's hot path. Only a key of an active tenant that has not expired is found.
     */
    public static final String AUTH_LOOKUP = """
            SELECT k.tenant, k.secret_sha256, k.expires_at
              FROM integration_keys k JOIN tenants t ON t.id = k.tenant AND t.status = 'active'
             WHERE k.id = $1 AND (k.expires_at IS NULL OR k.expires_at > now())""";

    /** The name is already used by another key of the tenant (names compare ignoring case). */
    public static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String name) {
            super("an integration key named '" + name + "' already exists");
        }
    }

    /** A new key and its secret, which exists nowhere else after this. */
    public record Created(IntegrationKey key, String secret) {
        @Override
        public String toString() {
            return "Created[" + key.id() + ", secret hidden]";
        }
    }

    private final Pool pool;
    private final Runnable afterCommit;

    /** @param afterCommit runs after every committed change that queued events (wakes the outbox relay) */
    public IntegrationKeyStore(Pool pool, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /**
     * Creates a key; fails with {@link NameTakenException} when the name is taken and with
     * {@link TenantStore.DisabledException} or {@link TenantStore.NotFoundException} unless the tenant is active.
     *
     * @param expiresAt null for a key that works until revoked
     */
    public Future<Created> create(String tenant, String name, Instant expiresAt, String createdBy) {
        String id = Credentials.newIntegrationKeyId();
        String secret = Credentials.newSecret();
        Tuple params = Tuple.of(id, tenant, name, Credentials.sha256Hex(secret), createdBy,
                expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        return pool.withTransaction(tx -> TenantStore.lockActive(tx, tenant)
                        .compose(v -> tx.preparedQuery(INSERT).execute(params))
                        .map(rows -> IntegrationKey.from(rows.iterator().next()))
                        .compose(key -> emit(tx, "integration-key.created", key.tenant(), key.id(), key.toCreatedEvent())
                                .map(new Created(key, secret))))
                .recover(failure -> Future.failedFuture(failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        && NAME_CONSTRAINT.equals(pg.getConstraint()) ? new NameTakenException(name) : failure))
                .onSuccess(created -> afterCommit.run());
    }

    /** Every key of the tenant, ordered by name ignoring case. */
    public Future<List<IntegrationKey>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
            List<IntegrationKey> keys = new ArrayList<>(rows.size());
            rows.forEach(row -> keys.add(IntegrationKey.from(row)));
            return keys;
        });
    }

    public Future<Optional<IntegrationKey>> get(String tenant, String id) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(IntegrationKey.from(rows.iterator().next())));
    }

    /**
     * Revokes (deletes) a key and emits {@code integration-key.revoked}; the broker then disconnects its session.
     *
     * @return whether the tenant had such a key
     */
    public Future<Boolean> revoke(String tenant, String id) {
        return pool.withTransaction(tx -> tx.preparedQuery(DELETE).execute(Tuple.of(tenant, id)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(false);
            }
            return revoked(tx, rows.iterator().next(), "revoked").map(true);
        })).onSuccess(revoked -> afterCommit.run());
    }

    /**
     * Revokes every key of a tenant being purged, in the caller's transaction.
     *
     * @return how many keys were revoked
     */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(DELETE_TENANT).execute(Tuple.of(tenant)).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row row : rows) {
                chain = chain.compose(v -> revoked(tx, row, "tenant-deleted"));
            }
            return chain.map(rows.size());
        });
    }

    private static Future<Void> revoked(SqlConnection tx, Row row, String cause) {
        String id = row.getString("id");
        String tenant = row.getString("tenant");
        return emit(tx, "integration-key.revoked", tenant, id, JsonNodeFactory.instance.objectNode()
                .put("keyId", id).put("tenant", tenant).put("name", row.getString("name"))
                .put("revokedAt", Instant.now().toString()).put("cause", cause));
    }

    private static Future<Void> emit(SqlConnection tx, String shortType, String tenant, String keyId, Object data) {
        return Outbox.append(tx, EventEnvelope.create(SERVICE, shortType, tenant, keyId, data));
    }
}

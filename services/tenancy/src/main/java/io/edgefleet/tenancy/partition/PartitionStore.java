package io.edgefleet.tenancy.partition;

import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.ProblemException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Partitions in PostgreSQL; the writes run inside the caller's transaction, around the cluster calls. */
final class PartitionStore {

    private static final String FROM = " FROM partitions p" + Partition.JOINS;
    /** The access a tenant's status asks for, in SQL ({@link PartitionAccess.State#forTenantStatus}). */
    private static final String WANTED = "CASE WHEN t.status = 'active' THEN 'granted' ELSE 'suspended' END";

    private final Pool pool;

    PartitionStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    Pool pool() {
        return pool;
    }

    /** The id of the cluster of this name, share-locked so that it cannot be deleted before the transaction ends. */
    Future<Optional<UUID>> lockCluster(SqlConnection tx, String clusterName) {
        return tx.preparedQuery("SELECT id FROM clusters WHERE name = $1 FOR SHARE").execute(Tuple.of(clusterName))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id")));
    }

    /**
     * Inserts the partition with the access its tenant's status asks for now, which the caller then applies.
     *
     * @return fails with 409 {@code partition-exists} or {@code namespace-taken}, or 404 when the tenant does not exist
     */
    Future<Partition> insert(SqlConnection tx, String tenant, String name, UUID clusterId, PartitionSpec spec,
                             Optional<String> createdBy) {
        String namespace = PartitionObjects.namespace(tenant, name);
        // an unknown tenant yields no status: coalesce so that the foreign key, not NOT NULL, refuses the row
        return tx.preparedQuery("WITH p AS (INSERT INTO partitions (tenant, name, cluster_id, namespace, quota, limits, created_by,"
                        + " access_applied, access_attempted_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7,"
                        + " coalesce((SELECT " + WANTED + " FROM tenants t WHERE t.id = $1), 'granted'), now()) RETURNING *)"
                        + " SELECT " + Partition.COLUMNS + " FROM p" + Partition.JOINS)
                .execute(Tuple.of(tenant, name, clusterId, namespace, jsonb(spec.quotaJson()), jsonb(spec.limitsJson()),
                        createdBy.orElse(null)))
                .map(rows -> Partition.from(rows.iterator().next()))
                .recover(failure -> Future.failedFuture(insertFailure(failure, tenant, name, namespace)));
    }

    /** The partition, row-locked until the transaction ends. */
    Future<Optional<Partition>> lock(SqlConnection tx, String tenant, String name) {
        return tx.preparedQuery("SELECT " + Partition.COLUMNS + FROM + " WHERE p.tenant = $1 AND p.name = $2 FOR UPDATE OF p")
                .execute(Tuple.of(tenant, name)).map(PartitionStore::first);
    }

    /** The partition, row-locked until the transaction ends; empty also when another transaction holds its lock. */
    Future<Optional<Partition>> lockIfFree(SqlConnection tx, String tenant, String name) {
        return tx.preparedQuery("SELECT " + Partition.COLUMNS + FROM + " WHERE p.tenant = $1 AND p.name = $2"
                        + " FOR UPDATE OF p SKIP LOCKED")
                .execute(Tuple.of(tenant, name)).map(PartitionStore::first);
    }

    /** Stores a new spec that the cluster accepted together with {@code access}. */
    Future<Partition> update(SqlConnection tx, String tenant, String name, PartitionSpec spec, PartitionAccess.State access) {
        return tx.preparedQuery("WITH p AS (UPDATE partitions SET quota = $3::jsonb, limits = $4::jsonb, access_applied = $5,"
                        + " access_error = NULL, access_attempted_at = now(), updated_at = now()"
                        + " WHERE tenant = $1 AND name = $2 RETURNING *) SELECT " + Partition.COLUMNS + " FROM p" + Partition.JOINS)
                .execute(Tuple.of(tenant, name, jsonb(spec.quotaJson()), jsonb(spec.limitsJson()), access.text()))
                .map(rows -> Partition.from(rows.iterator().next()));
    }

    /** Records what an attempt to change the tenant's access left in the cluster, and why it failed if it did. */
    Future<Partition> recordAccess(SqlConnection tx, String tenant, String name, PartitionAccess.State inCluster,
                                   Optional<String> error) {
        return tx.preparedQuery("WITH p AS (UPDATE partitions SET access_applied = $3, access_error = $4,"
                        + " access_attempted_at = now() WHERE tenant = $1 AND name = $2 RETURNING *) SELECT "
                        + Partition.COLUMNS + " FROM p" + Partition.JOINS)
                .execute(Tuple.of(tenant, name, inCluster.text(), error.orElse(null)))
                .map(rows -> Partition.from(rows.iterator().next()));
    }

    /**
     * Partitions whose cluster does not hold the access their tenant's status asks for, the longest untried first.
     *
     * @return {@code {tenant, name}} pairs, at most {@code limit}
     */
    Future<List<Map.Entry<String, String>>> unreconciled(int limit) {
        return pool.preparedQuery("SELECT p.tenant, p.name" + FROM + " WHERE p.access_applied <> " + WANTED
                        + " ORDER BY p.access_attempted_at NULLS FIRST, p.tenant, p.name LIMIT $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Map.Entry<String, String>> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(Map.entry(row.getString("tenant"), row.getString("name"))));
                    return keys;
                });
    }

    Future<Void> delete(SqlConnection tx, String tenant, String name) {
        return tx.preparedQuery("DELETE FROM partitions WHERE tenant = $1 AND name = $2").execute(Tuple.of(tenant, name))
                .mapEmpty();
    }

    Future<Optional<Partition>> get(String tenant, String name) {
        return pool.preparedQuery("SELECT " + Partition.COLUMNS + FROM + " WHERE p.tenant = $1 AND p.name = $2")
                .execute(Tuple.of(tenant, name)).map(PartitionStore::first);
    }

    /** The tenant's partitions by name; 404 when the tenant does not exist. */
    Future<List<Partition>> list(String tenant) {
        return tenantExists(pool, tenant).compose(exists -> {
            if (!exists) {
                return Future.failedFuture(CallerTenants.tenantNotFound(tenant));
            }
            return partitionsOf(tenant);
        });
    }

    /** The tenant's partitions, none when the tenant does not exist. */
    Future<List<Partition>> partitionsOf(String tenant) {
        return pool.preparedQuery("SELECT " + Partition.COLUMNS + FROM + " WHERE p.tenant = $1 ORDER BY p.name")
                .execute(Tuple.of(tenant)).map(PartitionStore::all);
    }

    private static Future<Boolean> tenantExists(SqlClient client, String tenant) {
        return client.preparedQuery("SELECT 1 FROM tenants WHERE id = $1").execute(Tuple.of(tenant)).map(rows -> rows.size() == 1);
    }

    /** A JSON object parameter (a plain String would be stored as a JSON string). */
    private static JsonObject jsonb(ObjectNode json) {
        return new JsonObject(Json.write(json));
    }

    private static Throwable insertFailure(Throwable failure, String tenant, String name, String namespace) {
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        if ("23505".equals(pg.getSqlState()) && "partitions_namespace_unique".equals(pg.getConstraint())) {
            return ProblemException.conflict("namespace-taken", "namespace " + namespace
                    + " is already used by another partition in this cluster; choose another partition name");
        }
        if ("23505".equals(pg.getSqlState())) {
            return ProblemException.conflict("partition-exists", "tenant '" + tenant + "' already has a partition named '"
                    + name + "'");
        }
        if ("23503".equals(pg.getSqlState())) {
            return CallerTenants.tenantNotFound(tenant);
        }
        return failure;
    }

    private static List<Partition> all(RowSet<Row> rows) {
        List<Partition> partitions = new ArrayList<>();
        rows.forEach(row -> partitions.add(Partition.from(row)));
        return partitions;
    }

    private static Optional<Partition> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Partition.from(rows.iterator().next()));
    }
}

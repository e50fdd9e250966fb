package io.edgefleet.tenancy.cluster;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Clusters in PostgreSQL. The credential column only ever holds {@code SecretBox}-sealed bytes. */
public final class ClusterStore {

    /** The cluster name is taken. */
    static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String name) {
            super("a cluster named '" + name + "' already exists");
        }
    }

    /** The outcome of a connectivity check. */
    record Check(String status, Optional<String> kubernetesVersion, OffsetDateTime checkedAt, Optional<String> error) {
    }

    /** What opening a cluster's credential needs. */
    record Sealed(UUID id, String name, String kind, String apiUrl, byte[] credential, Optional<String> caCertPem,
                  boolean insecureSkipTlsVerify) {
    }

    /** What a delete did. */
    enum Deletion { DELETED, NOT_FOUND, IN_USE }

    private final Pool pool;

    public ClusterStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    Future<Cluster> insert(UUID id, String name, ClusterCredential credential, byte[] sealed, Check check,
                           Optional<String> createdBy) {
        return pool.preparedQuery("INSERT INTO clusters (id, name, api_url, auth_kind, credential_sealed, ca_cert_pem,"
                        + " insecure_skip_tls_verify, status, kubernetes_version, last_checked_at, last_error, created_by)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING " + Cluster.COLUMNS)
                .execute(Tuple.tuple().addValue(id).addValue(name).addValue(credential.apiUrl())
                        .addValue(credential.kind()).addValue(Buffer.buffer(sealed)).addValue(credential.caCertPem().orElse(null)).addValue(credential.insecureSkipTlsVerify())
                        .addValue(check.status()).addValue(check.kubernetesVersion().orElse(null))
                        .addValue(check.checkedAt()).addValue(check.error().orElse(null)).addValue(createdBy.orElse(null)))
                .map(rows -> Cluster.from(rows.iterator().next()))
                .recover(failure -> Future.failedFuture(failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? new NameTakenException(name) : failure));
    }

    Future<List<Cluster>> list() {
        return pool.query("SELECT " + Cluster.COLUMNS + " FROM clusters ORDER BY name").execute().map(ClusterStore::all);
    }

    Future<Optional<Cluster>> get(UUID id) {
        return pool.preparedQuery("SELECT " + Cluster.COLUMNS + " FROM clusters WHERE id = $1").execute(Tuple.of(id))
                .map(ClusterStore::first);
    }

    /** The cluster of this name, if any. */
    public Future<Optional<Cluster>> byName(String name) {
        return pool.preparedQuery("SELECT " + Cluster.COLUMNS + " FROM clusters WHERE name = $1").execute(Tuple.of(name))
                .map(ClusterStore::first);
    }

    Future<Optional<Sealed>> sealed(UUID id) {
        return pool.preparedQuery("SELECT id, name, auth_kind, api_url, credential_sealed, ca_cert_pem,"
                        + " insecure_skip_tls_verify FROM clusters WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Sealed(row.getUUID("id"), row.getString("name"), row.getString("auth_kind"),
                            row.getString("api_url"), row.getBuffer("credential_sealed").getBytes(),
                            Optional.ofNullable(row.getString("ca_cert_pem")), row.getBoolean("insecure_skip_tls_verify")));
                });
    }

    Future<Optional<Cluster>> recordCheck(UUID id, Check check) {
        return pool.preparedQuery("UPDATE clusters SET status = $2, kubernetes_version = coalesce($3, kubernetes_version),"
                        + " last_checked_at = $4, last_error = $5 WHERE id = $1 RETURNING " + Cluster.COLUMNS)
                .execute(Tuple.of(id, check.status(), check.kubernetesVersion().orElse(null), check.checkedAt(),
                        check.error().orElse(null)))
                .map(ClusterStore::first);
    }

    /** Deletes a cluster that holds no partition; the foreign key of {@code partitions} refuses the others. */
    Future<Deletion> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM clusters WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1 ? Deletion.DELETED : Deletion.NOT_FOUND)
                .recover(failure -> failure instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? Future.succeededFuture(Deletion.IN_USE) : Future.failedFuture(failure));
    }

    private static List<Cluster> all(RowSet<Row> rows) {
        List<Cluster> clusters = new ArrayList<>();
        rows.forEach(row -> clusters.add(Cluster.from(row)));
        return clusters;
    }

    private static Optional<Cluster> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Cluster.from(rows.iterator().next()));
    }
}

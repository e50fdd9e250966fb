package io.edgefleet.tenancy.token;

import io.edgefleet.tenancy.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** API tokens ({@code eft_} + 32 random bytes base64url) stored as SHA-256 hex, scoped to a tenant and a role. */
public final class ApiTokenStore {

    public static final String PREFIX = "eft_";
    private static final String COLUMNS = "id, tenant, name, role, expires_at, revoked_at, created_by, created_at";

    /** A token just created: its facts and the secret, shown this once. */
    public record Created(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "Created[token=" + token.id() + "]";
        }
    }

    private final Pool pool;

    public ApiTokenStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public Future<Created> create(String tenant, String name, String role, OffsetDateTime expiresAt, String createdBy) {
        String secret = Secrets.random(PREFIX);
        return pool.preparedQuery("INSERT INTO api_tokens (id, tenant, name, role, token_sha256, expires_at, created_by)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), tenant, name, role, Secrets.sha256(secret), expiresAt, createdBy))
                .map(rows -> new Created(ApiToken.from(rows.iterator().next()), secret));
    }

    public Future<List<ApiToken>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE tenant = $1 ORDER BY created_at, id")
                .execute(Tuple.of(tenant)).map(rows -> {
                    List<ApiToken> tokens = new ArrayList<>();
                    rows.forEach(row -> tokens.add(ApiToken.from(row)));
                    return tokens;
                });
    }

    /** Revokes the tenant's token; false when the tenant holds no such live token. */
    public Future<Boolean> revoke(String tenant, UUID id) {
        return pool.preparedQuery("UPDATE api_tokens SET revoked_at = now() WHERE tenant = $1 AND id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() == 1);
    }

    /** The token's facts when it is live: known, not revoked, not expired, and its tenant active. */
    public Future<Optional<ApiToken>> introspect(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Future.succeededFuture(Optional.empty());
        }
        return pool.preparedQuery("SELECT a.id, a.tenant, a.name, a.role, a.expires_at, a.revoked_at, a.created_by, a.created_at"
                        + " FROM api_tokens a JOIN tenants t ON t.id = a.tenant WHERE a.token_sha256 = $1"
                        + " AND a.revoked_at IS NULL AND a.expires_at > now() AND t.status = 'active'")
                .execute(Tuple.of(Secrets.sha256(secret)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ApiToken.from(rows.iterator().next())));
    }
}

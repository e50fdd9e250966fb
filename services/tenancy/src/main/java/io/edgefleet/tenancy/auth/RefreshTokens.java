package io.edgefleet.tenancy.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque refresh tokens (32 random bytes, base64url), stored as SHA-256 hex, valid 7 days, single use: a refresh
 * revokes the presented token and issues the next one in the same transaction.
 */
public final class RefreshTokens {

    public static final Duration LIFETIME = Duration.ofDays(7);

    private final Pool pool;

    public RefreshTokens(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** A new refresh token for the user. */
    public Future<String> issue(UUID userId) {
        return pool.withConnection(connection -> insert(connection, userId));
    }

    /**
     * Revokes the token and returns a new one with the user it belongs to; empty when the token is unknown, revoked
     * or expired.
     */
    public Future<Optional<Rotated>> rotate(String token) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() WHERE token_sha256 = $1"
                        + " AND revoked_at IS NULL AND expires_at > now() RETURNING user_id")
                .execute(Tuple.of(Secrets.sha256(token)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Rotated>empty());
                    }
                    UUID userId = rows.iterator().next().getUUID("user_id");
                    return insert(tx, userId).map(next -> Optional.of(new Rotated(userId, next)));
                }));
    }

    /** Revokes the token; false when it was not live. */
    public Future<Boolean> revoke(String token) {
        return pool.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(Secrets.sha256(token))).map(rows -> rows.rowCount() == 1);
    }

    private static Future<String> insert(SqlConnection connection, UUID userId) {
        String token = Secrets.random("");
        return connection.preparedQuery("INSERT INTO refresh_tokens (token_sha256, user_id, expires_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(Secrets.sha256(token), userId, OffsetDateTime.now(ZoneOffset.UTC).plus(LIFETIME)))
                .map(token);
    }

    /** The user a rotated token belonged to and its successor. */
    public record Rotated(UUID userId, String refreshToken) {
        @Override
        public String toString() {
            return "Rotated[userId=" + userId + "]";
        }
    }
}

package io.edgefleet.tenancy.user;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Users and memberships in PostgreSQL. Password hashes go in and are read for login only; they never leave in a {@link User}. */
public final class UserStore {

    /** The email is taken (compared case-insensitively). */
    public static final class EmailTakenException extends RuntimeException {
        EmailTakenException() {
            super("a user with this email already exists");
        }
    }

    /** A user with the stored password hash, for login. */
    public record Credentials(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[user=" + user.id() + "]";
        }
    }

    private static final String COLUMNS = "id, email, display_name, platform_admin, created_at, updated_at";

    private final Pool pool;
    private final Runnable outboxWritten;

    /** A store whose session revocations wait for the outbox relay's next poll. */
    public UserStore(Pool pool) {
        this(pool, () -> { });
    }

    /** @param outboxWritten called after a transaction queued a message, to wake the outbox relay */
    public UserStore(Pool pool, Runnable outboxWritten) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.outboxWritten = Objects.requireNonNull(outboxWritten, "outboxWritten");
    }

    /** {@code platform/v1/users/{user}/sessions}. */
    public static String sessionsTopic(UUID userId) {
        return "platform/v1/users/" + userId + "/sessions";
    }

    /**
     * Queues the retained note that voids the user's access tokens issued until now ({@code user-sessions.schema.json}),
     * so that the gateway refuses them and the caller's next token carries the change. One millisecond is added so
     * that a token issued in the same millisecond, before the change, is void too.
     */
    private static Future<Void> revokeSessions(SqlConnection tx, UUID userId) {
        ObjectNode note = JsonNodeFactory.instance.objectNode()
                .put("userId", userId.toString())
                .put("revokedBefore", Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1).toString());
        return Outbox.append(tx, sessionsTopic(userId), Buffer.buffer(Json.write(note)), true);
    }

    private <T> Future<T> woken(Future<T> committed) {
        return committed.onSuccess(done -> outboxWritten.run());
    }

    public Future<User> create(String email, String displayName, String passwordHash, boolean platformAdmin) {
        return pool.preparedQuery("INSERT INTO users (id, email, display_name, password_hash, platform_admin)"
                        + " VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), email, displayName, passwordHash, platformAdmin))
                .map(rows -> user(rows.iterator().next(), Map.of()))
                .recover(UserStore::emailTaken);
    }

    public Future<Long> count() {
        return pool.query("SELECT count(*) FROM users").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    public Future<List<User>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM users ORDER BY lower(email)").execute()
                .compose(rows -> memberships(pool, null).map(all -> {
                    List<User> users = new ArrayList<>();
                    rows.forEach(row -> users.add(user(row, all.getOrDefault(row.getUUID("id"), Map.of()))));
                    return users;
                }));
    }

    /** The tenant's members by email, each with its role in that tenant only (its other tenants are not shown). */
    public Future<List<User>> members(String tenant) {
        return pool.preparedQuery("SELECT u.id, u.email, u.display_name, u.platform_admin, u.created_at, u.updated_at, m.role"
                        + " FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant = $1 ORDER BY lower(u.email)")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    List<User> members = new ArrayList<>();
                    rows.forEach(row -> members.add(user(row, Map.of(tenant, row.getString("role")))));
                    return members;
                });
    }

    public Future<Optional<User>> get(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1").execute(Tuple.of(id))
                .compose(rows -> withMemberships(rows));
    }

    /** The user and hash for an email (case-insensitive), empty when no such user exists. */
    public Future<Optional<Credentials>> credentials(String email) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", password_hash FROM users WHERE lower(email) = lower($1)")
                .execute(Tuple.of(email))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Credentials>empty());
                    }
                    String hash = rows.iterator().next().getString("password_hash");
                    return withMemberships(rows).map(user -> user.map(u -> new Credentials(u, hash)));
                });
    }

    /** Changes the given fields (null = unchanged); empty when the user does not exist. */
    public Future<Optional<User>> update(UUID id, String displayName, String passwordHash, Boolean platformAdmin) {
        boolean voidsSessions = passwordHash != null || platformAdmin != null;
        return woken(pool.withTransaction(tx -> tx.preparedQuery("UPDATE users SET display_name = coalesce($2, display_name),"
                        + " password_hash = coalesce($3, password_hash), platform_admin = coalesce($4, platform_admin),"
                        + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, displayName, passwordHash, platformAdmin))
                .compose(rows -> rows.size() == 1 && voidsSessions
                        ? revokeSessions(tx, id).map(rows) : Future.succeededFuture(rows))))
                .compose(rows -> withMemberships(rows))
                .recover(UserStore::emailTaken);
    }

    /** Deletes the user with memberships and refresh tokens; false when no such user. */
    public Future<Boolean> delete(UUID id) {
        return woken(pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(id))
                .compose(rows -> rows.rowCount() == 1
                        ? revokeSessions(tx, id).map(true) : Future.succeededFuture(false))));
    }

    /** Sets the user's role in the tenant; false when the user does not exist. */
    public Future<Boolean> putMembership(String tenant, UUID userId, String role) {
        return woken(pool.withTransaction(tx -> tx.preparedQuery(
                        "INSERT INTO memberships (tenant, user_id, role) SELECT $1, id, $3 FROM users WHERE id = $2"
                        + " ON CONFLICT (tenant, user_id) DO UPDATE SET role = excluded.role")
                .execute(Tuple.of(tenant, userId, role))
                .compose(rows -> rows.rowCount() == 1
                        ? revokeSessions(tx, userId).map(true) : Future.succeededFuture(false))));
    }

    /** Ends the user's membership in the tenant; its access tokens issued before are void. */
    public Future<Boolean> deleteMembership(String tenant, UUID userId) {
        return woken(pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM memberships WHERE tenant = $1 AND user_id = $2")
                .execute(Tuple.of(tenant, userId))
                .compose(rows -> rows.rowCount() == 1
                        ? revokeSessions(tx, userId).map(true) : Future.succeededFuture(false))));
    }

    private Future<Optional<User>> withMemberships(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
        }
        Row row = rows.iterator().next();
        return memberships(pool, row.getUUID("id"))
                .map(all -> Optional.of(user(row, all.getOrDefault(row.getUUID("id"), Map.of()))));
    }

    private static Future<Map<UUID, Map<String, String>>> memberships(SqlClient sql, UUID userId) {
        Future<RowSet<Row>> rows = userId == null
                ? sql.query("SELECT user_id, tenant, role FROM memberships").execute()
                : sql.preparedQuery("SELECT user_id, tenant, role FROM memberships WHERE user_id = $1").execute(Tuple.of(userId));
        return rows.map(result -> {
            Map<UUID, Map<String, String>> byUser = new HashMap<>();
            result.forEach(r -> byUser.computeIfAbsent(r.getUUID("user_id"), k -> new HashMap<>())
                    .put(r.getString("tenant"), r.getString("role")));
            return byUser;
        });
    }

    /**
     * When each tenant the user is a member of was created: the access token names it next to the role, so that a
     * membership in a tenant that was deleted and created again under the same id grants nothing in the new one.
     */
    public Future<Map<String, Instant>> tenantsCreatedAt(UUID userId) {
        return pool.preparedQuery("SELECT t.id, t.created_at FROM memberships m JOIN tenants t ON t.id = m.tenant "
                        + "WHERE m.user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    Map<String, Instant> created = new HashMap<>();
                    rows.forEach(r -> created.put(r.getString("id"), r.getOffsetDateTime("created_at").toInstant()));
                    return created;
                });
    }

    private static User user(Row row, Map<String, String> memberships) {
        return new User(row.getUUID("id"), row.getString("email"), row.getString("display_name"),
                row.getBoolean("platform_admin"), memberships, row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }

    private static <T> Future<T> emailTaken(Throwable failure) {
        return Future.failedFuture(failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? new EmailTakenException() : failure);
    }
}

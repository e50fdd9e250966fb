package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code commands} table: a command is stored before it is published and completed once by its reply. */
public final class CommandStore {

    private static final String COLUMNS = """
            id, tenant, endpoint, type, container, args::text AS args, issued_by, issued_at, expires_at, status,
            reply::text AS reply, replied_at""";
    private static final String INSERT = """
            INSERT INTO commands (id, tenant, endpoint, type, container, args, issued_by, issued_at, expires_at, status)
            VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10)""";
    // a reply that overtook the PUBACK has already set the final status: it stays
    private static final String MARK = "UPDATE commands SET status = $2 WHERE id = $1 AND status = 'PENDING'";
    private static final String COMPLETE = """
            UPDATE commands SET status = $4, reply = $5::text::jsonb, replied_at = $6
             WHERE id = $1 AND tenant = $2 AND endpoint = $3 AND reply IS NULL
            RETURNING""" + " " + COLUMNS;
    private static final String EXISTS = "SELECT 1 FROM commands WHERE id = $1 AND tenant = $2 AND endpoint = $3";
    private static final String GET = "SELECT " + COLUMNS + " FROM commands WHERE tenant = $1 AND id = $2";
    private static final String LIST = "SELECT " + COLUMNS + " FROM commands WHERE tenant = $1 ORDER BY issued_at DESC, id LIMIT $2";
    private static final String LIST_ENDPOINT = "SELECT " + COLUMNS
            + " FROM commands WHERE tenant = $1 AND endpoint = $3 ORDER BY issued_at DESC, id LIMIT $2";
    private static final String ENDPOINT = """
            SELECT link_profile::text AS link_profile FROM endpoints
             WHERE tenant = $1 AND id = $2 AND deleted_at IS NULL""";
    private static final String PURGE = "DELETE FROM commands WHERE tenant = $1";
    private static final String FORGET_OLD = "DELETE FROM commands WHERE issued_at < $1";

    private final Pool pool;

    public CommandStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * An endpoint the directory knows, with its link profile.
     *
     * @param linkProfile null when the registry announced none (platform defaults)
     */
    public record KnownEndpoint(JsonNode linkProfile) {
    }

    /** The endpoint as far as the endpoint directory knows it; empty when the tenant has no such endpoint. */
    public Future<Optional<KnownEndpoint>> endpoint(String tenant, String endpoint) {
        return pool.preparedQuery(ENDPOINT).execute(Tuple.of(tenant, endpoint)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            String profile = rows.iterator().next().getString("link_profile");
            return Optional.of(new KnownEndpoint(profile == null ? null : Json.parse(Buffer.buffer(profile))));
        });
    }

    public Future<Void> insert(Command command) {
        Tuple params = Tuple.tuple().addString(command.id()).addString(command.tenant()).addString(command.endpoint())
                .addString(command.type()).addString(command.container()).addString(Json.write(command.args()))
                .addString(command.issuedBy()).addOffsetDateTime(command.issuedAt())
                .addOffsetDateTime(command.expiresAt()).addString(command.status());
        return pool.preparedQuery(INSERT).execute(params).mapEmpty();
    }

    /** Records the outcome of the publish ({@code SENT} or {@code UNDELIVERED}) unless the reply is already in. */
    public Future<Void> mark(String id, String status) {
        return pool.preparedQuery(MARK).execute(Tuple.of(id, status)).mapEmpty();
    }

    /**
     * Stores the reply of the command {@code id} that was sent to {@code endpoint} of {@code tenant}.
     *
     * @return the completed command; empty when that endpoint has no such command or its reply is already in
     */
    public Future<Optional<Command>> complete(String tenant, String endpoint, String id, String status, JsonNode reply,
                                              OffsetDateTime at) {
        Tuple params = Tuple.tuple().addString(id).addString(tenant).addString(endpoint).addString(status)
                .addString(Json.write(reply)).addOffsetDateTime(at);
        return pool.preparedQuery(COMPLETE).execute(params)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(command(rows.iterator().next())));
    }

    /** Whether {@code endpoint} of {@code tenant} was sent a command {@code id} (answered or not). */
    public Future<Boolean> exists(String tenant, String endpoint, String id) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(id, tenant, endpoint)).map(rows -> rows.size() > 0);
    }

    public Future<Optional<Command>> get(String tenant, String id) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(command(rows.iterator().next())));
    }

    /** The tenant's newest commands, of one endpoint when {@code endpoint} is not null. */
    public Future<List<Command>> recent(String tenant, String endpoint, int limit) {
        var query = endpoint == null ? pool.preparedQuery(LIST).execute(Tuple.of(tenant, limit))
                : pool.preparedQuery(LIST_ENDPOINT).execute(Tuple.of(tenant, limit, endpoint));
        return query.map(rows -> {
            List<Command> commands = new ArrayList<>(rows.size());
            rows.forEach(row -> commands.add(command(row)));
            return commands;
        });
    }

    /** Deletes the commands issued before {@code before}; returns how many. */
    public Future<Integer> forgetIssuedBefore(OffsetDateTime before) {
        return pool.preparedQuery(FORGET_OLD).execute(Tuple.of(before)).map(rows -> rows.rowCount());
    }

    /** Deletes a purged tenant's commands in the caller's transaction. */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(PURGE).execute(Tuple.of(tenant)).map(rows -> rows.rowCount());
    }

    private static Command command(Row row) {
        String reply = row.getString("reply");
        return new Command(row.getString("id"), row.getString("tenant"), row.getString("endpoint"),
                row.getString("type"), row.getString("container"), Json.parse(Buffer.buffer(row.getString("args"))),
                row.getString("issued_by"), row.getOffsetDateTime("issued_at"), row.getOffsetDateTime("expires_at"),
                row.getString("status"), reply == null ? null : Json.parse(Buffer.buffer(reply)),
                row.getOffsetDateTime("replied_at"));
    }
}

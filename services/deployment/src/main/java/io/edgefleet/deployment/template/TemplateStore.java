package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
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

/** Templates of the tenants' catalogues and of the shared one ({@link Template#SHARED}), one row each. */
public final class TemplateStore {

    private static final String COLUMNS = "catalogue, name, version, body::text AS body, created_at, updated_at, updated_by";
    private static final String LIST = "SELECT " + COLUMNS + " FROM app_templates WHERE catalogue = $1 ORDER BY name";
    private static final String GET = "SELECT " + COLUMNS + " FROM app_templates WHERE catalogue = $1 AND name = $2";
    private static final String INSERT = """
            INSERT INTO app_templates (catalogue, name, version, body, created_at, updated_at, updated_by)
            VALUES ($1, $2, 1, $3::text::jsonb, $4, $4, $5) ON CONFLICT (catalogue, name) DO NOTHING
            RETURNING""" + " " + COLUMNS;
    // a body equal to the stored one changes nothing (the version stays)
    private static final String UPDATE = """
            UPDATE app_templates SET version = version + 1, body = $3::text::jsonb, updated_at = $4, updated_by = $5
             WHERE catalogue = $1 AND name = $2 AND body <> $3::text::jsonb RETURNING""" + " " + COLUMNS;
    private static final String DELETE = "DELETE FROM app_templates WHERE catalogue = $1 AND name = $2";
    private static final String DELETE_CATALOGUE = "DELETE FROM app_templates WHERE catalogue = $1";

    /** The catalogue already has a template of that name. */
    public static final class NameTakenException extends RuntimeException {
        public NameTakenException(String name) {
            super("a template named '" + name + "' already exists in this catalogue");
        }
    }

    private final Pool pool;

    public TemplateStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Stores a new template at version 1; fails with {@link NameTakenException} when the name is taken. */
    public Future<Template> create(String catalogue, String name, JsonNode body, String by) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(catalogue, name, Json.write(body), now(), by))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(new NameTakenException(name))
                        : Future.succeededFuture(template(rows.iterator().next())));
    }

    public Future<List<Template>> list(String catalogue) {
        return pool.preparedQuery(LIST).execute(Tuple.of(catalogue)).map(rows -> {
            List<Template> templates = new ArrayList<>(rows.size());
            rows.forEach(row -> templates.add(template(row)));
            return templates;
        });
    }

    public Future<Optional<Template>> get(String catalogue, String name) {
        return pool.preparedQuery(GET).execute(Tuple.of(catalogue, name))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(template(rows.iterator().next())));
    }

    /**
     * Makes {@code body} the template's next version, unless it equals the current one.
     *
     * @return the template as it now is; empty when the catalogue has no such template
     */
    public Future<Optional<Template>> update(String catalogue, String name, JsonNode body, String by) {
        return pool.preparedQuery(UPDATE).execute(Tuple.of(catalogue, name, Json.write(body), now(), by))
                .compose(rows -> rows.size() == 0 ? get(catalogue, name)
                        : Future.succeededFuture(Optional.of(template(rows.iterator().next()))));
    }

    /** @return whether the catalogue had such a template */
    public Future<Boolean> delete(String catalogue, String name) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(catalogue, name)).map(rows -> rows.rowCount() > 0);
    }

    private static Template template(Row row) {
        return new Template(row.getString("catalogue"), row.getString("name"), row.getInteger("version"),
                Json.parse(Buffer.buffer(row.getString("body"))), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), row.getString("updated_by"));
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    /** Deletes a deleted tenant's catalogue, in the purge's transaction; the shared catalogue is never a tenant's. */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(DELETE_CATALOGUE).execute(Tuple.of(tenant)).map(rows -> rows.rowCount());
    }
}

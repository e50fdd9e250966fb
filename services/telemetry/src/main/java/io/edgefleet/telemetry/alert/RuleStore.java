package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The tenants' rules in {@code alert_rules}: their own rules and their tuning of the built-ins. */
public final class RuleStore {

    private static final String LIST = "SELECT id, definition::text AS definition FROM alert_rules WHERE tenant = $1 ORDER BY created_at, id";
    private static final String GET = "SELECT id, definition::text AS definition FROM alert_rules WHERE tenant = $1 AND id = $2";
    private static final String INSERT = "INSERT INTO alert_rules (tenant, id, name, definition) VALUES ($1, $2, $3, $4::text::jsonb)";
    private static final String UPDATE = """
            UPDATE alert_rules SET name = $3, definition = $4::text::jsonb, updated_at = now()
             WHERE tenant = $1 AND id = $2""";
    private static final String UPSERT = """
            INSERT INTO alert_rules (tenant, id, name, definition) VALUES ($1, $2, $3, $4::text::jsonb)
            ON CONFLICT (tenant, id) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()""";
    private static final String DELETE = "DELETE FROM alert_rules WHERE tenant = $1 AND id = $2";

    /** Another rule of the tenant has that name. */
    public static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String name) {
            super("the tenant already has an alert rule named '" + name + "'");
        }
    }

    private final SqlClient db;

    public RuleStore(SqlClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Every rule of the tenant: the built-ins first (tuned where the tenant tuned them), then its own. */
    public Future<List<AlertRule>> list(String tenant) {
        return db.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
            Map<String, AlertRule> stored = new LinkedHashMap<>();
            for (Row row : rows) {
                stored.put(row.getString("id"), AlertRule.stored(row.getString("id"), Json.parse(
                        Buffer.buffer(row.getString("definition")))));
            }
            List<AlertRule> rules = new ArrayList<>();
            for (Builtin builtin : Builtin.values()) {
                rules.add(Optional.ofNullable(stored.remove(builtin.id())).orElse(builtin.defaults()));
            }
            rules.addAll(stored.values());
            return rules;
        });
    }

    public Future<Optional<AlertRule>> get(String tenant, String id) {
        return db.preparedQuery(GET).execute(Tuple.of(tenant, id)).map(rows -> {
            if (rows.size() > 0) {
                Row row = rows.iterator().next();
                return Optional.of(AlertRule.stored(id, Json.parse(Buffer.buffer(row.getString("definition")))));
            }
            return Builtin.byId(id).map(Builtin::defaults);
        });
    }

    public Future<AlertRule> create(String tenant, AlertRule rule) {
        return db.preparedQuery(INSERT).execute(Tuple.of(tenant, rule.id(), rule.name(), Json.write(rule.toJson())))
                .recover(e -> Future.failedFuture(nameTaken(e, rule))).map(rule);
    }

    /** Replaces a tenant's rule; empty when there is none with that id. */
    public Future<Optional<AlertRule>> replace(String tenant, AlertRule rule) {
        return db.preparedQuery(UPDATE).execute(Tuple.of(tenant, rule.id(), rule.name(), Json.write(rule.toJson())))
                .recover(e -> Future.failedFuture(nameTaken(e, rule)))
                .map(rows -> rows.rowCount() == 0 ? Optional.<AlertRule>empty() : Optional.of(rule));
    }

    /** Stores a tenant's tuning of a built-in. */
    public Future<AlertRule> tune(String tenant, AlertRule tuned) {
        return db.preparedQuery(UPSERT).execute(Tuple.of(tenant, tuned.id(), tuned.name(), Json.write(tuned.tuningJson())))
                .map(tuned);
    }

    /** Deletes a tenant's rule, or forgets the tuning of a built-in; whether a row was there. */
    public Future<Boolean> delete(String tenant, String id) {
        return db.preparedQuery(DELETE).execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() > 0);
    }

    private static Throwable nameTaken(Throwable e, AlertRule rule) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState()) ? new NameTakenException(rule.name()) : e;
    }
}

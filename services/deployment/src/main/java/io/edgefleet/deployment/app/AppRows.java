package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.config.ConfigRefs;
import io.edgefleet.deployment.rollout.RolloutStrategy;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** How apps and their revisions are read from and written to {@code apps} and {@code app_revisions}. */
final class AppRows {

    private static final String SELECT = """
            SELECT a.tenant, a.name, a.revision, r.spec::text AS spec, r.target::text AS target, r.rollout::text AS rollout,
                   r.overrides::text AS overrides, r.auto_update::text AS auto_update, a.created_at, a.updated_at,
                   r.config_sets::text AS config_sets, r.registries::text AS registries
              FROM apps a JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision
             WHERE a.tenant = $1""";
    static final String LIST = SELECT + " ORDER BY a.name";
    static final String GET = SELECT + " AND a.name = $2";
    private static final String INSERT_REVISION = """
            INSERT INTO app_revisions (tenant, name, revision, spec, target, rollout, overrides, rolled_back_to, created_at,
                                       created_by, auto_update, config_sets, registries)
            VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb, $8, $9, $10,
                    $11::text::jsonb, $12::text::jsonb, $13::text::jsonb)""";
    static final String REVISIONS = """
            SELECT revision, spec::text AS spec, target::text AS target, rollout::text AS rollout,
                   overrides::text AS overrides, rolled_back_to, created_at, created_by, auto_update::text AS auto_update,
                   config_sets::text AS config_sets, registries::text AS registries
              FROM app_revisions WHERE tenant = $1 AND name = $2 ORDER BY revision DESC""";
    static final String REVISION = """
            SELECT revision, spec::text AS spec, target::text AS target, rollout::text AS rollout,
                   overrides::text AS overrides, rolled_back_to, created_at, created_by, auto_update::text AS auto_update,
                   config_sets::text AS config_sets, registries::text AS registries
              FROM app_revisions WHERE tenant = $1 AND name = $2 AND revision = $3""";

    private AppRows() {
    }

    static Future<Void> insertRevision(SqlConnection tx, App app, Integer rolledBackTo, String createdBy) {
        Tuple params = Tuple.tuple().addString(app.tenant()).addString(app.name()).addInteger(app.revision())
                .addString(Json.write(app.spec())).addString(Json.write(app.target()))
                .addString(Json.write(app.rollout()))
                .addString(app.overrides() == null ? null : Json.write(app.overrides())).addInteger(rolledBackTo)
                .addOffsetDateTime(app.updatedAt()).addString(createdBy)
                .addString(app.autoUpdate() == null ? null : Json.write(app.autoUpdate()))
                .addString(app.config().configSetsColumn()).addString(app.config().registriesColumn());
        return tx.preparedQuery(INSERT_REVISION).execute(params).mapEmpty();
    }

    static App app(Row row) {
        return new App(row.getString("tenant"), row.getString("name"), row.getInteger("revision"),
                Json.parse(Buffer.buffer(row.getString("spec"))), Json.parse(Buffer.buffer(row.getString("target"))),
                rollout(row), optional(row, "overrides"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), optional(row, "auto_update"),
                ConfigRefs.fromColumns(row.getString("config_sets"), row.getString("registries")));
    }

    static AppRevision revision(Row row) {
        return new AppRevision(row.getInteger("revision"), Json.parse(Buffer.buffer(row.getString("spec"))),
                Json.parse(Buffer.buffer(row.getString("target"))), rollout(row), optional(row, "overrides"),
                row.getInteger("rolled_back_to"),
                row.getOffsetDateTime("created_at"), row.getString("created_by"), optional(row, "auto_update"),
                ConfigRefs.fromColumns(row.getString("config_sets"), row.getString("registries")));
    }

    /** The stored strategy; revisions from before rollouts existed were rolled out all at once. */
    private static JsonNode rollout(Row row) {
        return row.getString("rollout") == null ? RolloutStrategy.DEFAULT.toJson()
                : Json.parse(Buffer.buffer(row.getString("rollout")));
    }

    private static JsonNode optional(Row row, String column) {
        return row.getString(column) == null ? null : Json.parse(Buffer.buffer(row.getString(column)));
    }
}

package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Rollouts, their targets and the agents' reports, in PostgreSQL. Writers hold the tenant's lock. */
public final class RolloutStore {

    private static final String COLUMNS = """
            id, tenant, app, revision, strategy::text AS strategy, state, phase, reason, accepted_failures,
            canary_healthy_at, created_by, created_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO rollouts (id, tenant, app, revision, strategy, state, phase, reason, accepted_failures,
                                  canary_healthy_at, created_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11, $12, $12)""";
    private static final String UPDATE = """
            UPDATE rollouts SET state = $2, phase = $3, reason = $4, accepted_failures = $5, canary_healthy_at = $6,
                                updated_at = $7
             WHERE id = $1""";
    // targets are written with one statement over arrays, whatever their number (a rollout may hold thousands)
    private static final String INSERT_TARGETS = """
            INSERT INTO rollout_targets (rollout_id, endpoint, position, canary, from_revision, state, reason, started_at,
                                         finished_at)
            SELECT $1, u.endpoint, u.position, u.canary, u.from_revision, u.state, u.reason, u.started_at, u.finished_at
              FROM unnest($2::text[], $3::int[], $4::boolean[], $5::int[], $6::text[], $7::text[], $8::timestamptz[],
                          $9::timestamptz[]) AS u(endpoint, position, canary, from_revision, state, reason, started_at,
                                                  finished_at)""";
    private static final String UPDATE_TARGETS = """
            UPDATE rollout_targets t SET state = u.state, reason = u.reason, started_at = u.started_at,
                                         finished_at = u.finished_at
              FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                   AS u(endpoint, state, reason, started_at, finished_at)
             WHERE t.rollout_id = $1 AND t.endpoint = u.endpoint""";
    private static final String IN_PROGRESS = "SELECT " + COLUMNS + " FROM rollouts WHERE tenant = $1"
            + " AND state IN ('running', 'paused', 'awaiting-promotion') ORDER BY created_at";
    private static final String OF_APP = "SELECT " + COLUMNS + " FROM rollouts WHERE tenant = $1 AND app = $2"
            + " ORDER BY created_at DESC LIMIT $3";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM rollouts WHERE tenant = $1 AND id = $2";
    private static final String TARGETS = """
            SELECT endpoint, position, canary, from_revision, state, reason, started_at, finished_at
              FROM rollout_targets WHERE rollout_id = $1 ORDER BY position""";
    private static final String TENANTS_IN_PROGRESS = """
            SELECT DISTINCT tenant FROM rollouts WHERE state IN ('running', 'paused', 'awaiting-promotion')""";
    private static final String STATUSES = """
            SELECT e.id, s.online, s.presence_at, s.apps::text AS apps, s.timezone
              FROM endpoints e LEFT JOIN endpoint_status s ON s.tenant = e.tenant AND s.endpoint = e.id
             WHERE e.tenant = $1 AND e.id = ANY($2::text[])""";

    /** The tenants that have a rollout in progress. */
    public Future<List<String>> tenantsInProgress(SqlClient client) {
        return client.query(TENANTS_IN_PROGRESS).execute().map(rows -> {
            List<String> tenants = new ArrayList<>();
            rows.forEach(row -> tenants.add(row.getString("tenant")));
            return tenants;
        });
    }

    public Future<Void> insert(SqlClient tx, Rollout rollout, List<Target> targets) {
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addUUID(rollout.id()).addString(rollout.tenant())
                        .addString(rollout.app()).addInteger(rollout.revision())
                        .addString(Json.write(rollout.strategy().toJson())).addString(rollout.state().wire())
                        .addString(rollout.canaryPhase() ? "canary" : "main").addString(rollout.reason())
                        .addInteger(rollout.acceptedFailures()).addOffsetDateTime(time(rollout.canaryHealthyAt()))
                        .addString(rollout.createdBy()).addOffsetDateTime(time(rollout.createdAt())))
                .compose(v -> targets.isEmpty() ? Future.succeededFuture()
                        : tx.preparedQuery(INSERT_TARGETS).execute(Tuple.tuple().addUUID(rollout.id())
                                .addArrayOfString(targets.stream().map(Target::endpoint).toArray(String[]::new))
                                .addArrayOfInteger(targets.stream().map(Target::position).toArray(Integer[]::new))
                                .addArrayOfBoolean(targets.stream().map(Target::canary).toArray(Boolean[]::new))
                                .addArrayOfInteger(targets.stream().map(Target::fromRevision).toArray(Integer[]::new))
                                .addArrayOfString(targets.stream().map(t -> t.state().wire()).toArray(String[]::new))
                                .addArrayOfString(targets.stream().map(Target::reason).toArray(String[]::new))
                                .addArrayOfOffsetDateTime(times(targets, Target::startedAt))
                                .addArrayOfOffsetDateTime(times(targets, Target::finishedAt))))
                .mapEmpty();
    }

    /** Stores a rollout's new state and the targets that changed. */
    public Future<Void> save(SqlClient tx, Rollout rollout, List<Target> changed, Instant now) {
        return tx.preparedQuery(UPDATE).execute(Tuple.tuple().addUUID(rollout.id()).addString(rollout.state().wire())
                        .addString(rollout.canaryPhase() ? "canary" : "main").addString(rollout.reason())
                        .addInteger(rollout.acceptedFailures()).addOffsetDateTime(time(rollout.canaryHealthyAt()))
                        .addOffsetDateTime(time(now)))
                .compose(v -> changed.isEmpty() ? Future.succeededFuture()
                        : tx.preparedQuery(UPDATE_TARGETS).execute(Tuple.tuple().addUUID(rollout.id())
                                .addArrayOfString(changed.stream().map(Target::endpoint).toArray(String[]::new))
                                .addArrayOfString(changed.stream().map(t -> t.state().wire()).toArray(String[]::new))
                                .addArrayOfString(changed.stream().map(Target::reason).toArray(String[]::new))
                                .addArrayOfOffsetDateTime(times(changed, Target::startedAt))
                                .addArrayOfOffsetDateTime(times(changed, Target::finishedAt))))
                .mapEmpty();
    }

    public Future<List<Rollout>> inProgress(SqlClient client, String tenant) {
        return client.preparedQuery(IN_PROGRESS).execute(Tuple.of(tenant)).map(RolloutStore::rollouts);
    }

    /** The app's rollouts, newest first. */
    public Future<List<Rollout>> ofApp(SqlClient client, String tenant, String app, int limit) {
        return client.preparedQuery(OF_APP).execute(Tuple.of(tenant, app, limit)).map(RolloutStore::rollouts);
    }

    public Future<Optional<Rollout>> byId(SqlClient client, String tenant, UUID id) {
        return client.preparedQuery(BY_ID).execute(Tuple.of(tenant, id))
                .map(rows -> rollouts(rows).stream().findFirst());
    }

    public Future<List<Target>> targets(SqlClient client, UUID rollout) {
        return client.preparedQuery(TARGETS).execute(Tuple.of(rollout)).map(rows -> {
            List<Target> targets = new ArrayList<>(rows.size());
            for (Row row : rows) {
                targets.add(new Target(row.getString("endpoint"), row.getInteger("position"), row.getBoolean("canary"),
                        row.getInteger("from_revision"), TargetState.fromWire(row.getString("state")),
                        row.getString("reason"), instant(row, "started_at"), instant(row, "finished_at")));
            }
            return targets;
        });
    }

    /** What the agents of these endpoints last reported; endpoints without a report come back unknown. */
    public Future<Map<String, EndpointStatus>> statuses(SqlClient client, String tenant, List<String> endpoints) {
        return client.preparedQuery(STATUSES).execute(Tuple.tuple().addString(tenant)
                .addArrayOfString(endpoints.toArray(String[]::new))).map(rows -> {
                    Map<String, EndpointStatus> statuses = new HashMap<>();
                    for (Row row : rows) {
                        String id = row.getString("id");
                        ZoneId zone = zone(row.getString("timezone"));
                        if (row.getBoolean("online") == null) {
                            statuses.put(id, EndpointStatus.unknown(id, zone));
                            continue;
                        }
                        Map<String, EndpointStatus.AppReport> apps = new HashMap<>();
                        for (JsonNode app : Json.parse(Buffer.buffer(row.getString("apps")))) {
                            apps.put(app.path("name").asText(), new EndpointStatus.AppReport(
                                    app.hasNonNull("revision") ? app.get("revision").asInt() : null,
                                    app.path("phase").asText(), app.hasNonNull("message") ? app.get("message").asText()
                                    : null));
                        }
                        statuses.put(id, new EndpointStatus(id, row.getBoolean("online"), zone, apps,
                                instant(row, "presence_at")));
                    }
                    return statuses;
                });
    }

    /** The zone the agent reports, else UTC; a name this Java runtime does not know counts as none. */
    static ZoneId zone(String reported) {
        if (reported != null) {
            try {
                return ZoneId.of(reported);
            } catch (RuntimeException e) {
                // an unknown or malformed zone id: windows are read in UTC rather than not at all
            }
        }
        return ZoneOffset.UTC;
    }

    private static List<Rollout> rollouts(Iterable<Row> rows) {
        List<Rollout> rollouts = new ArrayList<>();
        for (Row row : rows) {
            rollouts.add(new Rollout(row.getUUID("id"), row.getString("tenant"), row.getString("app"),
                    row.getInteger("revision"), RolloutStrategy.fromJson(Json.parse(Buffer.buffer(row.getString("strategy")))),
                    RolloutState.fromWire(row.getString("state")), "canary".equals(row.getString("phase")),
                    row.getString("reason"), row.getInteger("accepted_failures"), instant(row, "canary_healthy_at"),
                    row.getString("created_by"), instant(row, "created_at"), instant(row, "updated_at")));
        }
        return rollouts;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime[] times(List<Target> targets, Function<Target, Instant> field) {
        return targets.stream().map(t -> time(field.apply(t))).toArray(OffsetDateTime[]::new);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.app.TargetOverrides;
import io.edgefleet.deployment.config.ConfigRefs;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Works out whom a new revision's rollout concerns: the endpoints whose last desired document holds the app at another
 * revision and that the new revision still targets. An endpoint for which the old and the new revision compile to
 * the same spec (and pins the same config set versions and registries) is done at once (a rollback to the revision it runs, a change of the rollout strategy only), so its
 * container is never touched. Endpoints the app newly targets get the new revision directly: they have nothing to
 * roll from.
 */
final class RolloutStarter {

    private static final String PLACEMENTS = """
            SELECT d.endpoint, (a->>'revision')::int AS revision, e.labels::text AS labels
              FROM desired_state d
              CROSS JOIN LATERAL jsonb_array_elements(d.apps) a
              JOIN endpoints e ON e.tenant = d.tenant AND e.id = d.endpoint AND e.deleted_at IS NULL
             WHERE d.tenant = $1 AND a->>'name' = $2 AND (a->>'revision')::int <> $3
             ORDER BY d.endpoint""";
    private static final String REVISIONS = """
            SELECT revision, spec::text AS spec, overrides::text AS overrides, config_sets::text AS config_sets,
                   registries::text AS registries
              FROM app_revisions WHERE tenant = $1 AND name = $2 AND revision = ANY($3::int[])""";

    /** The rollout to insert, with its targets; none when no endpoint runs an earlier revision. */
    record Plan(Rollout rollout, List<Target> targets) {
    }

    Future<Plan> plan(SqlConnection tx, App next, String createdBy, Instant now) {
        AppTarget target = AppTarget.fromJson(next.target());
        return tx.preparedQuery(PLACEMENTS).execute(Tuple.of(next.tenant(), next.name(), next.revision())).compose(rows -> {
            List<Placement> placements = new ArrayList<>();
            for (Row row : rows) {
                Map<String, String> labels = labels(row.getString("labels"));
                if (target.selects(row.getString("endpoint"), labels)) {
                    placements.add(new Placement(row.getString("endpoint"), row.getInteger("revision"), labels));
                }
            }
            if (placements.isEmpty()) {
                return Future.succeededFuture(null);
            }
            Integer[] revisions = placements.stream().map(Placement::revision).distinct().toArray(Integer[]::new);
            return tx.preparedQuery(REVISIONS).execute(Tuple.of(next.tenant(), next.name(), revisions))
                    .map(revisionRows -> build(next, createdBy, now, placements, specs(revisionRows)));
        });
    }

    private static Plan build(App next, String createdBy, Instant now, List<Placement> placements,
                              Map<Integer, Compiled> old) {
        RolloutStrategy strategy = RolloutStrategy.fromJson(next.rollout());
        TargetOverrides overrides = TargetOverrides.fromJson(next.overrides());
        List<Placement> changing = new ArrayList<>();
        List<Placement> unchanged = new ArrayList<>();
        for (Placement placement : placements) {
            Compiled before = old.get(placement.revision());
            JsonNode was = before == null ? null
                    : before.overrides().apply(before.spec(), placement.endpoint(), placement.labels());
            JsonNode becomes = overrides.apply(next.spec(), placement.endpoint(), placement.labels());
            boolean same = before != null && becomes.equals(was) && before.config().equals(next.config());
            (same ? unchanged : changing).add(placement);
        }
        int canary = strategy.canarySize(changing.size());
        List<Target> targets = new ArrayList<>();
        for (Placement placement : changing) {
            targets.add(new Target(placement.endpoint(), targets.size(), targets.size() < canary, placement.revision(),
                    TargetState.PENDING, null, null, null));
        }
        for (Placement placement : unchanged) {
            targets.add(new Target(placement.endpoint(), targets.size(), false, placement.revision(),
                    TargetState.SUCCEEDED, "the spec it runs is unchanged", now, now));
        }
        Rollout rollout = new Rollout(UUID.randomUUID(), next.tenant(), next.name(), next.revision(), strategy,
                RolloutState.RUNNING, canary > 0, null, 0, null, createdBy, now, now);
        return new Plan(rollout, targets);
    }

    private static Map<Integer, Compiled> specs(Iterable<Row> rows) {
        Map<Integer, Compiled> specs = new HashMap<>();
        for (Row row : rows) {
            JsonNode overrides = row.getString("overrides") == null ? null
                    : Json.parse(Buffer.buffer(row.getString("overrides")));
            specs.put(row.getInteger("revision"), new Compiled(Json.parse(Buffer.buffer(row.getString("spec"))),
                    TargetOverrides.fromJson(overrides),
                    ConfigRefs.fromColumns(row.getString("config_sets"), row.getString("registries"))));
        }
        return specs;
    }

    private static Map<String, String> labels(String json) {
        Map<String, String> labels = new HashMap<>();
        Json.parse(Buffer.buffer(json)).fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private record Placement(String endpoint, int revision, Map<String, String> labels) {
    }

    /** A revision's spec with what else makes what an endpoint runs: overrides, pinned config sets, registries. */
    private record Compiled(JsonNode spec, TargetOverrides overrides, ConfigRefs config) {
    }
}

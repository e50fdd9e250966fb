package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series a rule evaluates and their current values. Every query returns the same columns (endpoint, container,
 * device, app, value, labels) and only series of endpoints the registry's snapshots know: a deleted endpoint's
 * series are gone. A tenant's rule takes each series' newest sample not older than the staleness cutoff.
 */
final class SeriesQueries {

    private static final String KNOWN = "JOIN endpoints e ON e.tenant = s.tenant AND e.endpoint = s.endpoint AND e.snapshot_at IS NOT NULL";
    private static final String LATEST = """
            SELECT DISTINCT ON (s.endpoint, s.container, s.device) s.endpoint, s.container, s.device, s.app, s.value,
                   e.labels::text AS labels
              FROM samples s %s
             WHERE s.tenant = $1 AND s.metric = $2 AND s.ts > $3
             ORDER BY s.endpoint, s.container, s.device, s.ts DESC""".formatted(KNOWN);
    private static final String RESTART_GROWTH = """
            SELECT s.endpoint, s.container, '' AS device, max(s.app) AS app, max(s.value) - min(s.value) AS value,
                   e.labels::text AS labels
              FROM samples s %s
             WHERE s.tenant = $1 AND s.metric = 'container_restarts' AND s.ts > $2::timestamptz - interval '10 minutes'
             GROUP BY s.endpoint, s.container, e.labels::text
            HAVING max(s.ts) > $3::timestamptz""".formatted(KNOWN);
    private static final String DISK = """
            WITH latest AS (
                SELECT DISTINCT ON (s.endpoint, s.metric, s.device) s.endpoint, s.metric, s.device, s.value
                  FROM samples s
                 WHERE s.tenant = $1 AND s.metric IN ('node_disk_used_bytes', 'node_disk_total_bytes') AND s.ts > $2
                 ORDER BY s.endpoint, s.metric, s.device, s.ts DESC)
            SELECT u.endpoint, '' AS container, u.device, NULL::text AS app, 100 * u.value / t.value AS value,
                   e.labels::text AS labels
              FROM latest u
              JOIN latest t ON t.endpoint = u.endpoint AND t.device = u.device AND t.metric = 'node_disk_total_bytes'
              JOIN endpoints e ON e.tenant = $1 AND e.endpoint = u.endpoint AND e.snapshot_at IS NOT NULL
             WHERE u.metric = 'node_disk_used_bytes' AND t.value > 0""";
    private static final String OFFLINE = """
            SELECT endpoint, '' AS container, '' AS device, NULL::text AS app,
                   CASE WHEN online THEN 0 ELSE extract(epoch FROM $2::timestamptz - online_since)::float8 END AS value,
                   labels::text AS labels
              FROM endpoints WHERE tenant = $1 AND snapshot_at IS NOT NULL AND online_since IS NOT NULL""";
    private static final String NOT_CONVERGED = """
            SELECT a.endpoint, '' AS container, '' AS device, a.app,
                   CASE WHEN a.phase IN ('Pending', 'Pulling', 'Starting', 'Failed')
                        THEN extract(epoch FROM $2::timestamptz - a.since)::float8 ELSE 0 END AS value,
                   e.labels::text AS labels
              FROM endpoint_apps a
              JOIN endpoints e ON e.tenant = a.tenant AND e.endpoint = a.endpoint AND e.snapshot_at IS NOT NULL AND e.online
             WHERE a.tenant = $1""";

    private SeriesQueries() {
    }

    /** The series in the rule's scope with their values (whether the condition holds is the caller's to decide). */
    static Future<List<Series>> of(SqlConnection tx, String tenant, AlertRule rule, OffsetDateTime now,
                                   OffsetDateTime staleCutoff) {
        Future<List<Series>> series;
        if (rule.builtin() == null) {
            series = query(tx, LATEST, Tuple.of(tenant, rule.metric(), staleCutoff));
        } else {
            series = switch (rule.builtin()) {
                case ENDPOINT_OFFLINE -> query(tx, OFFLINE, Tuple.of(tenant, now));
                case CONTAINER_RESTART_LOOP -> query(tx, RESTART_GROWTH, Tuple.of(tenant, now, staleCutoff));
                case OOM_KILLED -> query(tx, LATEST, Tuple.of(tenant, "container_oom_killed", staleCutoff));
                case DISK_ALMOST_FULL -> query(tx, DISK, Tuple.of(tenant, staleCutoff));
                case APP_NOT_CONVERGED -> query(tx, NOT_CONVERGED, Tuple.of(tenant, now));
            };
        }
        return series.map(all -> all.stream().filter(s -> rule.scope().includes(s.endpoint(), s.endpointLabels(),
                s.app(), s.container())).toList());
    }

    private static Future<List<Series>> query(SqlConnection tx, String sql, Tuple params) {
        return tx.preparedQuery(sql).execute(params).map(rows -> {
            List<Series> series = new ArrayList<>();
            for (Row row : rows) {
                series.add(new Series(row.getString("endpoint"), row.getString("container"), row.getString("device"),
                        row.getString("app"), row.getDouble("value"), labels(row.getString("labels"))));
            }
            return series;
        });
    }

    private static Map<String, String> labels(String json) {
        Map<String, String> labels = new LinkedHashMap<>();
        Json.parse(Buffer.buffer(json)).properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}

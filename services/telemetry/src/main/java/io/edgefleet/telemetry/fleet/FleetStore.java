package io.edgefleet.telemetry.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes the fleet projection: {@code endpoints} (labels from the registry's snapshots, online state from presence)
 * and {@code endpoint_apps} (each app's phase from the agent's state report). Every write is idempotent, so applying
 * a retained message again after a restart changes nothing.
 */
public final class FleetStore {

    private static final String SNAPSHOT = """
            INSERT INTO endpoints (tenant, endpoint, name, labels, snapshot_at) VALUES ($1, $2, $3, $4::text::jsonb, $5)
            ON CONFLICT (tenant, endpoint) DO UPDATE
               SET name = EXCLUDED.name, labels = EXCLUDED.labels, snapshot_at = EXCLUDED.snapshot_at
             WHERE endpoints.snapshot_at IS NULL OR endpoints.snapshot_at <= EXCLUDED.snapshot_at""";
    private static final String CLEAR_ENDPOINT = "DELETE FROM endpoints WHERE tenant = $1 AND endpoint = $2";
    private static final String CLEAR_APPS = "DELETE FROM endpoint_apps WHERE tenant = $1 AND endpoint = $2";
    // a status that did not change keeps its since: a retained presence delivered again must not restart the clock.
    // The newest message wins: agent clocks and the receive time of a Last Will cannot be compared reliably
    private static final String PRESENCE = """
            INSERT INTO endpoints (tenant, endpoint, name, online, online_since, seen_at) VALUES ($1, $2, $2, $3, $4, now())
            ON CONFLICT (tenant, endpoint) DO UPDATE
               SET online = EXCLUDED.online,
                   online_since = CASE WHEN endpoints.online = EXCLUDED.online AND endpoints.online_since IS NOT NULL
                                       THEN endpoints.online_since ELSE EXCLUDED.online_since END,
                   seen_at = now()""";
    private static final String APPS_GONE = "DELETE FROM endpoint_apps WHERE tenant = $1 AND endpoint = $2 AND NOT (app = ANY($3))";
    private static final String APP = """
            INSERT INTO endpoint_apps (tenant, endpoint, app, phase, since, message) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant, endpoint, app) DO UPDATE
               SET since = CASE WHEN endpoint_apps.phase = EXCLUDED.phase AND NOT $7 THEN endpoint_apps.since
                                ELSE EXCLUDED.since END,
                   phase = EXCLUDED.phase, message = EXCLUDED.message""";

    private final Pool pool;

    public FleetStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Applies a registry snapshot unless a newer one was applied already. */
    public Future<Void> snapshot(String tenant, String endpoint, String name, JsonNode labels, OffsetDateTime updatedAt) {
        return pool.preparedQuery(SNAPSHOT).execute(Tuple.of(tenant, endpoint, name, Json.write(labels), updatedAt))
                .mapEmpty();
    }

    /** The endpoint was deleted: forget it and its apps (its open alerts resolve at the next evaluation). */
    public Future<Void> deleted(String tenant, String endpoint) {
        return pool.withTransaction(tx -> tx.preparedQuery(CLEAR_ENDPOINT).execute(Tuple.of(tenant, endpoint))
                .compose(v -> tx.preparedQuery(CLEAR_APPS).execute(Tuple.of(tenant, endpoint))).mapEmpty());
    }

    /** The agent's presence: online or not, since when. */
    public Future<Void> presence(String tenant, String endpoint, boolean online, OffsetDateTime since) {
        return pool.preparedQuery(PRESENCE).execute(Tuple.of(tenant, endpoint, online, since)).mapEmpty();
    }

    /** One app's phase in a state report. */
    public record AppPhase(String app, String phase, OffsetDateTime since, boolean sinceReported, String message) {
    }

    /** The apps of a state report replace the endpoint's previous ones. */
    public Future<Void> apps(String tenant, String endpoint, List<AppPhase> apps) {
        List<Tuple> rows = new ArrayList<>();
        for (AppPhase app : apps) {
            rows.add(Tuple.of(tenant, endpoint, app.app(), app.phase(), app.since(), app.message(), app.sinceReported()));
        }
        String[] names = apps.stream().map(AppPhase::app).toArray(String[]::new);
        return pool.withTransaction(tx -> tx.preparedQuery(APPS_GONE).execute(Tuple.of(tenant, endpoint).addArrayOfString(names))
                .compose(v -> rows.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(APP).executeBatch(rows))
                .mapEmpty());
    }
}

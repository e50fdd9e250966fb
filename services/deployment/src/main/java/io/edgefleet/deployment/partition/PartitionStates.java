package io.edgefleet.deployment.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The last {@code partition-state} each partition reported, and an app's part of it as the API shows it
 * ({@code partitionStatus}).
 */
public final class PartitionStates {

    private static final String UPSERT = """
            INSERT INTO partition_state (tenant, partition, observed_generation, error, apps, reported_at)
            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)
            ON CONFLICT (tenant, partition) DO UPDATE
               SET observed_generation = EXCLUDED.observed_generation, error = EXCLUDED.error, apps = EXCLUDED.apps,
                   reported_at = EXCLUDED.reported_at
             WHERE partition_state.reported_at <= EXCLUDED.reported_at""";
    private static final String FORGET = "DELETE FROM partition_state WHERE tenant = $1 AND partition = $2";
    private static final String GET = """
            SELECT observed_generation, error, apps::text AS apps, reported_at FROM partition_state
             WHERE tenant = $1 AND partition = $2""";

    private final Pool pool;

    public PartitionStates(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Keeps a state that passed the {@code partition-state} schema, unless a later one is stored already.
     *
     * @return whether it was stored
     */
    public Future<Boolean> store(String tenant, String partition, JsonNode state, OffsetDateTime reportedAt) {
        String error = state.hasNonNull("error") ? state.get("error").asText() : null;
        return pool.preparedQuery(UPSERT).execute(Tuple.tuple().addString(tenant).addString(partition)
                        .addLong(state.get("observedGeneration").asLong()).addString(error)
                        .addString(Json.write(state.get("apps"))).addOffsetDateTime(reportedAt))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets the state of a partition whose state topic was cleared. */
    public Future<Void> forget(String tenant, String partition) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(tenant, partition)).mapEmpty();
    }

    /**
     * An app's status in its partition: its entry in the partition's last state, with the partition's generation and
     * report time; {@code Pending} when the partition has not reported the app (yet), {@code Failed} with the reason
     * when nothing could be applied to the partition.
     */
    public Future<ObjectNode> appStatus(String tenant, String partition, String app) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, partition)).map(rows -> {
            ObjectNode status = JsonNodeFactory.instance.objectNode().put("partition", partition);
            if (rows.size() == 0) {
                return status.put("phase", "Pending").put("message", "the partition has not reported any state yet");
            }
            Row row = rows.iterator().next();
            status.put("observedGeneration", row.getLong("observed_generation"));
            status.put("reportedAt", App.format(row.getOffsetDateTime("reported_at")));
            if (row.getString("error") != null) {
                return status.put("phase", "Failed").put("message", row.getString("error"));
            }
            for (JsonNode entry : Json.parse(Buffer.buffer(row.getString("apps")))) {
                if (app.equals(entry.path("name").asText())) {
                    status.put("revision", entry.get("revision").asInt()).put("phase", entry.get("phase").asText())
                            .put("ready", entry.get("ready").asText());
                    if (entry.hasNonNull("message")) {
                        status.put("message", entry.get("message").asText());
                    }
                    return status;
                }
            }
            return status.put("phase", "Pending").put("message", "not applied to the partition yet");
        });
    }
}

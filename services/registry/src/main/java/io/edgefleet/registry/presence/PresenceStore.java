package io.edgefleet.registry.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.registry.endpoint.EndpointStatus;
import io.edgefleet.registry.endpoint.EndpointStore;
import io.edgefleet.registry.endpoint.RegistryQueries;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Presence, heartbeats, state reports and leases in PostgreSQL; each transition commits with its event. */
final class PresenceStore {

    /** What applying a message did. */
    enum Outcome {
        WENT_ONLINE, WENT_OFFLINE, ONLINE, OFFLINE, STALE, UNKNOWN_ENDPOINT, TENANT_MISMATCH;

        /** Whether the endpoint is online after the message. */
        boolean online() {
            return this == WENT_ONLINE || this == ONLINE;
        }

        /** Whether the message was dropped, and the slug to count it under. */
        String ignoredReason() {
            return switch (this) {
                case STALE -> "stale";
                case UNKNOWN_ENDPOINT -> "unknown-endpoint";
                case TENANT_MISMATCH -> "tenant-mismatch";
                default -> null;
            };
        }
    }

    /** An endpoint found by a heartbeat flush, with the status it has and since when. */
    record Flushed(String endpointId, String tenant, EndpointStatus status, Instant statusSince) {
    }

    private final Pool pool;
    private final Runnable afterCommit;

    PresenceStore(Pool pool, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    Future<Outcome> applyPresence(EdgeTopic topic, PresenceRules.Presence presence) {
        return transaction(topic, null, (tx, row) -> {
            PresenceRules.Stored stored = new PresenceRules.Stored(status(row), row.getString("connection_id"),
                    instant(row.getOffsetDateTime("presence_at")));
            OffsetDateTime at = time(presence.at());
            return switch (PresenceRules.decide(stored, presence)) {
                case IGNORE_STALE -> Future.succeededFuture(Outcome.STALE);
                case RECORD_ONLY -> tx.preparedQuery(RegistryQueries.RECORD_PRESENCE)
                        .execute(Tuple.of(topic.endpointId(), at)).map(Outcome.OFFLINE);
                case REFRESH_ONLINE -> tx.preparedQuery(RegistryQueries.PRESENCE_ONLINE)
                        .execute(Tuple.of(topic.endpointId(), presence.connectionId(), at)).map(Outcome.ONLINE);
                case GO_ONLINE -> tx.preparedQuery(RegistryQueries.PRESENCE_ONLINE)
                        .execute(Tuple.of(topic.endpointId(), presence.connectionId(), at))
                        .compose(rows -> statusEvent(tx, topic, "endpoint.online", "presence", rows))
                        .map(Outcome.WENT_ONLINE);
                case GO_OFFLINE -> tx.preparedQuery(RegistryQueries.PRESENCE_OFFLINE)
                        .execute(Tuple.of(topic.endpointId(), at))
                        .compose(rows -> statusEvent(tx, topic, "endpoint.offline",
                                PresenceRules.offlineCause(presence), rows))
                        .map(Outcome.WENT_OFFLINE);
            };
        });
    }

    /** A heartbeat from an endpoint this replica does not know to be online. */
    Future<Outcome> applyHeartbeat(EdgeTopic topic, int intervalSeconds) {
        return transaction(topic, null, (tx, row) -> wakeUp(tx, topic, row, intervalSeconds, "heartbeat"));
    }

    /**
     * A state report: brings the endpoint online if needed, stores facts, containers and app phases, emits
     * facts-changed when the facts differ.
     */
    Future<Outcome> applyState(EdgeTopic topic, JsonNode state) {
        JsonNode facts = state.get("facts");
        OffsetDateTime reportedAt = OffsetDateTime.parse(state.get("reportedAt").asText());
        // reports of one agent arrive in the order it sent them; its clock is not trusted to order them
        return transaction(topic, Json.write(facts), (tx, row) -> {
            boolean factsDiffer = row.getBoolean("facts_differ");
            String agentVersion = state.hasNonNull("agentVersion") ? state.get("agentVersion").asText() : null;
            return wakeUp(tx, topic, row, null, "state")
                    .compose(outcome -> tx.preparedQuery(RegistryQueries.STORE_STATE)
                            .execute(Tuple.of(topic.endpointId(), Json.write(facts),
                                    state.get("observedGeneration").asLong(), agentVersion, reportedAt,
                                    list(state, "containers"), list(state, "apps")))
                            .compose(rows -> factsDiffer ? factsChanged(tx, topic, facts, rows) : Future.succeededFuture())
                            .map(outcome));
        });
    }

    // a sign of life from an endpoint held offline brings it online
    private Future<Outcome> wakeUp(SqlConnection tx, EdgeTopic topic, Row row, Integer intervalSeconds, String cause) {
        if (status(row) == EndpointStatus.ONLINE) {
            return Future.succeededFuture(Outcome.ONLINE);
        }
        return tx.preparedQuery(RegistryQueries.ACTIVITY_ONLINE).execute(Tuple.of(topic.endpointId(), intervalSeconds))
                .compose(rows -> statusEvent(tx, topic, "endpoint.online", cause, rows))
                .map(Outcome.WENT_ONLINE);
    }

    /** Writes buffered heartbeats in one statement; returns the endpoints found. */
    Future<List<Flushed>> flush(Map<String, HeartbeatBuffer.Beat> beats) {
        int n = beats.size();
        String[] ids = new String[n];
        OffsetDateTime[] seen = new OffsetDateTime[n];
        Integer[] intervals = new Integer[n];
        int i = 0;
        for (Map.Entry<String, HeartbeatBuffer.Beat> entry : beats.entrySet()) {
            ids[i] = entry.getKey();
            seen[i] = time(entry.getValue().seenAt());
            intervals[i] = entry.getValue().intervalSeconds();
            i++;
        }
        return pool.preparedQuery(RegistryQueries.FLUSH_HEARTBEATS).execute(Tuple.of(ids, seen, intervals)).map(rows -> {
            List<Flushed> found = new ArrayList<>(rows.size());
            rows.forEach(row -> found.add(new Flushed(row.getString("id"), row.getString("tenant"), status(row),
                    instant(row.getOffsetDateTime("status_since")))));
            return found;
        });
    }

    /** Marks offline every online endpoint whose lease ran out, with its event; returns their ids. */
    Future<List<String>> expireLeases() {
        Future<List<String>> expired = pool.withTransaction(tx -> tx.query(RegistryQueries.EXPIRE_LEASES).execute()
                .compose(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    List<Future<Void>> events = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String id = row.getString("id");
                        ids.add(id);
                        events.add(EndpointStore.emit(tx, "endpoint.offline", row.getString("tenant"), id,
                                statusData(id, row.getString("tenant"), row.getOffsetDateTime("status_since"),
                                        "lease-expired")));
                    }
                    return Future.all(events).map(ids);
                }));
        return expired.onSuccess(ids -> {
            if (!ids.isEmpty()) {
                afterCommit.run();
            }
        });
    }

    private interface Step {
        Future<Outcome> apply(SqlConnection tx, Row locked);
    }

    // locks the endpoint's row, checks it exists under the topic's tenant, then applies the step
    private Future<Outcome> transaction(EdgeTopic topic, String facts, Step step) {
        Future<Outcome> outcome = pool.withTransaction(tx -> tx.preparedQuery(RegistryQueries.PRESENCE_LOCK)
                .execute(Tuple.of(topic.endpointId(), facts))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Outcome.UNKNOWN_ENDPOINT);
                    }
                    Row row = rows.iterator().next();
                    if (!topic.tenant().equals(row.getString("tenant"))) {
                        return Future.succeededFuture(Outcome.TENANT_MISMATCH);
                    }
                    return step.apply(tx, row);
                }));
        // waking the relay is cheap; doing it after every applied message covers facts-changed too
        return outcome.onSuccess(result -> {
            if (result.ignoredReason() == null) {
                afterCommit.run();
            }
        });
    }

    private static Future<Void> statusEvent(SqlConnection tx, EdgeTopic topic, String type, String cause,
                                            RowSet<Row> rows) {
        OffsetDateTime since = rows.iterator().next().getOffsetDateTime("status_since");
        return EndpointStore.emit(tx, type, topic.tenant(), topic.endpointId(),
                statusData(topic.endpointId(), topic.tenant(), since, cause));
    }

    private static Future<Void> factsChanged(SqlConnection tx, EdgeTopic topic, JsonNode facts, RowSet<Row> rows) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("endpointId", topic.endpointId())
                .put("tenant", topic.tenant())
                .put("at", rows.iterator().next().getOffsetDateTime("stored_at").toInstant().toString());
        data.set("facts", facts);
        return EndpointStore.emit(tx, "endpoint.facts-changed", topic.tenant(), topic.endpointId(), data);
    }

    // the schema's default for a member the agent left out is the empty list
    private static String list(JsonNode state, String member) {
        JsonNode value = state.get(member);
        return value == null ? "[]" : Json.write(value);
    }

    private static ObjectNode statusData(String id, String tenant, OffsetDateTime at, String cause) {
        return JsonNodeFactory.instance.objectNode()
                .put("endpointId", id).put("tenant", tenant).put("at", at.toInstant().toString()).put("cause", cause);
    }

    private static EndpointStatus status(Row row) {
        return EndpointStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

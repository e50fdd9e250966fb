package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The retained endpoint snapshot on {@code fleet/v1/{tenant}/endpoints/{endpoint}} ({@code endpoint-state.schema.json}),
 * queued through the outbox in the caller's transaction. A subscriber to {@code fleet/v1/+/endpoints/+} thereby learns
 * every current endpoint and its labels at once, however long ago it was enrolled and whether or not an event about it
 * was lost; a deleted endpoint's topic is cleared with an empty retained payload.
 */
public final class EndpointSnapshots {

    private final Pool pool;
    private final Runnable afterCommit;

    /** @param afterCommit runs after {@link #publishAll} committed (wakes the outbox relay) */
    public EndpointSnapshots(Pool pool, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** {@code fleet/v1/{tenant}/endpoints/{endpoint}}. */
    public static String topic(String tenant, String endpointId) {
        return "fleet/v1/" + tenant + "/endpoints/" + endpointId;
    }

    /** The snapshot document of an endpoint as it is now. */
    public static ObjectNode state(Endpoint endpoint) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("endpointId", endpoint.id())
                .put("tenant", endpoint.tenant())
                .put("name", endpoint.name());
        json.set("labels", endpoint.labelsJson());
        json.set("linkProfile", endpoint.linkProfileJson());
        json.put("updatedAt", endpoint.updatedAt().toString());
        return json;
    }

    /** Queues the endpoint's snapshot, replacing the retained one. */
    static Future<Void> publish(SqlConnection tx, Endpoint endpoint) {
        return Outbox.append(tx, topic(endpoint.tenant(), endpoint.id()), Buffer.buffer(Json.write(state(endpoint))), true);
    }

    /** Queues the empty retained payload that removes a deleted endpoint's snapshot. */
    static Future<Void> clear(SqlConnection tx, String tenant, String endpointId) {
        return Outbox.append(tx, topic(tenant, endpointId), Buffer.buffer(), true);
    }

    /**
     * Queues the snapshot of every endpoint, e.g. at start, so that snapshots lost with a broker's data (or never
     * written, for endpoints enrolled before snapshots existed) appear. The rows are share-locked, so a concurrent
     * change commits (and queues its own snapshot) after these.
     *
     * @return how many snapshots were queued
     */
    public Future<Integer> publishAll() {
        return pool.withTransaction(tx -> tx.query("SELECT " + RegistryQueries.ENDPOINT_COLUMNS
                        + " FROM endpoints ORDER BY tenant, id FOR SHARE").execute()
                .compose(rows -> {
                    List<Endpoint> endpoints = new ArrayList<>(rows.size());
                    rows.forEach(row -> endpoints.add(Endpoint.from(row)));
                    Future<Void> chain = Future.succeededFuture();
                    for (Endpoint endpoint : endpoints) {
                        chain = chain.compose(v -> publish(tx, endpoint));
                    }
                    return chain.map(endpoints.size());
                })).onSuccess(count -> afterCommit.run());
    }
}

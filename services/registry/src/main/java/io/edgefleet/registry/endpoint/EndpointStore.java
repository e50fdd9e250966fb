package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.registry.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Operator-facing changes to endpoints. Each change, its event and the endpoint's retained snapshot
 * ({@link EndpointSnapshots}) go through the outbox in one transaction; a refused change (name taken, tenant disabled
 * or gone) leaves nothing behind. Updates and deletes lock the endpoint's row first, so the snapshots of one endpoint
 * are queued in commit order.
 */
public final class EndpointStore {

    /** The {@code source} service name of the registry's events. */
    public static final String SERVICE = "registry";

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NAME_CONSTRAINT = "endpoints_tenant_name_key";

    private final Pool pool;
    private final Runnable afterCommit;

    /**
     * @param afterCommit runs after every committed change that queued events (wakes the outbox relay)
     */
    public EndpointStore(Pool pool, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** A new endpoint and its secret, which exists nowhere else after this. */
    public record Created(Endpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "Created[" + endpoint.id() + ", secret hidden]";
        }
    }

    /** A page of endpoints and how many match in total. */
    public record Page(List<Endpoint> items, long total) {
    }

    /** The name is already used by another endpoint of the tenant (names compare ignoring case). */
    public static final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTakenException(String name) {
            super("an endpoint named '" + name + "' already exists");
        }
    }

    /**
     * Creates an endpoint; fails with {@link NameTakenException} when the name is taken and with
     * {@link TenantStore.DisabledException} or {@link TenantStore.NotFoundException} unless the tenant is active.
     */
    public Future<Created> create(String tenant, NewEndpoint request) {
        String id = Credentials.newEndpointId();
        String secret = Credentials.newSecret();
        Tuple params = Tuple.of(id, tenant, request.name(), Json.write(request.labels()), request.description(),
                request.location(), request.timezone(), Credentials.sha256Hex(secret),
                request.linkProfile() == null ? null : Json.write(request.linkProfile()));
        Future<Created> created = pool.withTransaction(tx -> TenantStore.lockActive(tx, tenant)
                .compose(v -> tx.preparedQuery(RegistryQueries.INSERT_ENDPOINT).execute(params))
                .map(rows -> Endpoint.from(rows.iterator().next()))
                .compose(endpoint -> emit(tx, "endpoint.registered", endpoint.tenant(), endpoint.id(),
                        endpoint.toEventData())
                        .compose(v -> EndpointSnapshots.publish(tx, endpoint))
                        .map(new Created(endpoint, secret))));
        return committed(created).recover(failure -> Future.failedFuture(nameTaken(failure, request.name())));
    }

    public Future<Optional<Endpoint>> get(String tenant, String id) {
        return pool.preparedQuery(RegistryQueries.SELECT_ENDPOINT).execute(Tuple.of(tenant, id)).map(EndpointStore::first);
    }

    /** What the endpoint's newest state report said runs on the machine; empty when the tenant has no such endpoint. */
    public Future<Optional<ReportedContainers>> containers(String tenant, String id) {
        return pool.preparedQuery(RegistryQueries.SELECT_CONTAINERS).execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ReportedContainers.from(rows.iterator().next())));
    }

    public Future<Page> list(EndpointQuery query) {
        EndpointQuery.Statement count = query.countStatement();
        EndpointQuery.Statement page = query.pageStatement();
        Future<Long> total = pool.preparedQuery(count.sql()).execute(count.params())
                .map(rows -> rows.iterator().next().getLong("total"));
        Future<List<Endpoint>> items = pool.preparedQuery(page.sql()).execute(page.params()).map(rows -> {
            List<Endpoint> list = new ArrayList<>(rows.size());
            rows.forEach(row -> list.add(Endpoint.from(row)));
            return list;
        });
        return Future.all(total, items).map(done -> new Page(items.result(), total.result()));
    }

    /**
     * Applies a patch. An update that changes nothing writes nothing and emits no event.
     *
     * @return the endpoint after the patch, empty when the tenant has no such endpoint
     */
    public Future<Optional<Endpoint>> update(String tenant, String id, EndpointPatch patch) {
        return committed(pool.withTransaction(tx -> tx.preparedQuery(RegistryQueries.SELECT_ENDPOINT_FOR_UPDATE)
                .execute(Tuple.of(tenant, id))
                .map(EndpointStore::first)
                .compose(current -> current.isEmpty()
                        ? Future.succeededFuture(Optional.<Endpoint>empty())
                        : apply(tx, current.get(), patch).map(Optional::of))));
    }

    private Future<Endpoint> apply(SqlConnection tx, Endpoint current, EndpointPatch patch) {
        Endpoint wanted = patch.applyTo(current);
        List<String> changed = EndpointPatch.changed(current, wanted);
        if (changed.isEmpty()) {
            return Future.succeededFuture(current);
        }
        Tuple params = Tuple.of(current.tenant(), current.id(), Json.write(wanted.labels()), wanted.description(),
                wanted.location(), wanted.timezone(),
                wanted.linkProfile() == null ? null : Json.write(wanted.linkProfile()));
        return tx.preparedQuery(RegistryQueries.UPDATE_ENDPOINT).execute(params)
                .map(rows -> Endpoint.from(rows.iterator().next()))
                .compose(updated -> {
                    ObjectNode data = updated.toEventData();
                    data.set("changed", Json.tree(changed));
                    return emit(tx, "endpoint.updated", updated.tenant(), updated.id(), data)
                            .compose(v -> EndpointSnapshots.publish(tx, updated))
                            .map(updated);
                });
    }

    /**
     * Replaces the endpoint's secret; the old one stops authenticating at once. Refused like {@link #create} in a
     * tenant that is not active: a new credential would be of no use there.
     *
     * @return the new secret, empty when the tenant has no such endpoint
     */
    public Future<Optional<String>> rotateSecret(String tenant, String id) {
        String secret = Credentials.newSecret();
        return committed(pool.withTransaction(tx -> TenantStore.lockActive(tx, tenant)
                .compose(v -> tx.preparedQuery(RegistryQueries.ROTATE_SECRET)
                        .execute(Tuple.of(tenant, id, Credentials.sha256Hex(secret))))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<String>empty());
                    }
                    ObjectNode data = JsonNodeFactory.instance.objectNode()
                            .put("endpointId", id)
                            .put("tenant", tenant)
                            .put("rotatedAt", rows.iterator().next().getOffsetDateTime("updated_at").toInstant().toString());
                    return emit(tx, "endpoint.credential-rotated", tenant, id, data).map(Optional.of(secret));
                })));
    }

    /**
     * Deletes an endpoint, emits {@code endpoint.offline} (cause deleted) when it was online and
     * {@code endpoint.deleted}, and clears its retained presence, state and snapshot topics.
     *
     * @return whether the tenant had such an endpoint
     */
    public Future<Boolean> delete(String tenant, String id) {
        return committed(pool.withTransaction(tx -> tx.preparedQuery(RegistryQueries.DELETE_ENDPOINT)
                .execute(Tuple.of(tenant, id))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false) : deleted(tx, tenant, rows.iterator().next()))));
    }

    /**
     * Deletes every endpoint of a tenant in the caller's transaction, each announced like {@link #delete}.
     *
     * @return how many endpoints were deleted
     */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(RegistryQueries.DELETE_TENANT_ENDPOINTS).execute(Tuple.of(tenant)).compose(rows -> {
            Future<Boolean> chain = Future.succeededFuture(true);
            for (Row row : rows) {
                chain = chain.compose(v -> deleted(tx, tenant, row));
            }
            return chain.map(rows.size());
        });
    }

    private static Future<Boolean> deleted(SqlConnection tx, String tenant, Row row) {
        String id = row.getString("id");
        String at = row.getOffsetDateTime("deleted_at").toInstant().toString();
        Future<Void> offline = Future.succeededFuture();
        if (EndpointStatus.ONLINE.wireName().equals(row.getString("status"))) {
            offline = emit(tx, "endpoint.offline", tenant, id, JsonNodeFactory.instance.objectNode()
                    .put("endpointId", id).put("tenant", tenant).put("at", at).put("cause", "deleted"));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("endpointId", id).put("tenant", tenant).put("name", row.getString("name")).put("deletedAt", at);
        String topics = "edge/v1/" + tenant + "/" + id + "/";
        return offline
                .compose(v -> emit(tx, "endpoint.deleted", tenant, id, data))
                .compose(v -> Outbox.append(tx, topics + "presence", Buffer.buffer(), true))
                .compose(v -> Outbox.append(tx, topics + "state", Buffer.buffer(), true))
                .compose(v -> EndpointSnapshots.clear(tx, tenant, id))
                .map(true);
    }

    /** Queues an event of the registry in the caller's transaction. */
    public static Future<Void> emit(SqlConnection tx, String shortType, String tenant, String endpointId, Object data) {
        return Outbox.append(tx, EventEnvelope.create(SERVICE, shortType, tenant, endpointId, data));
    }

    private <T> Future<T> committed(Future<T> transaction) {
        return transaction.onSuccess(result -> afterCommit.run());
    }

    private static Throwable nameTaken(Throwable failure, String name) {
        if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && NAME_CONSTRAINT.equals(pg.getConstraint())) {
            return new NameTakenException(name);
        }
        return failure;
    }

    private static Optional<Endpoint> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Endpoint.from(rows.iterator().next()));
    }
}

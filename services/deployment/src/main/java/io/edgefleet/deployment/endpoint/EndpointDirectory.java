package io.edgefleet.deployment.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.command.CommandStore;
import io.edgefleet.deployment.config.ConfigSetStore;
import io.edgefleet.deployment.registry.RegistryStore;
import io.edgefleet.deployment.template.TemplateStore;
import io.edgefleet.deployment.desired.DesiredCompiler;
import io.edgefleet.deployment.desired.TenantLock;
import io.edgefleet.kit.db.Inbox;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The tenant's endpoints, their labels and link profiles as the registry announces them, in its events and its retained endpoint
 * snapshots. Each is applied in one transaction that holds the tenant's {@link TenantLock} and recompiles the desired
 * documents it can affect; an event's id also goes into the inbox (a redelivery changes nothing). Both paths follow
 * one rule: the newest {@code updatedAt} wins and a deleted endpoint stays a tombstone.
 */
public final class EndpointDirectory {

    private static final String UPSERT = """
            INSERT INTO endpoints (tenant, id, labels, updated_at, link_profile)
            VALUES ($1, $2, $3::text::jsonb, $4, $5::text::jsonb)
            ON CONFLICT (tenant, id) DO UPDATE
               SET labels = EXCLUDED.labels, updated_at = EXCLUDED.updated_at, link_profile = EXCLUDED.link_profile
             WHERE endpoints.deleted_at IS NULL AND endpoints.updated_at <= EXCLUDED.updated_at""";
    private static final String TOMBSTONE = """
            INSERT INTO endpoints (tenant, id, labels, updated_at, deleted_at) VALUES ($1, $2, '{}'::jsonb, $3, $3)
            ON CONFLICT (tenant, id) DO UPDATE SET labels = '{}'::jsonb, deleted_at = EXCLUDED.deleted_at
             WHERE endpoints.deleted_at IS NULL""";
    private static final String PURGE = "DELETE FROM endpoints WHERE tenant = $1";
    private static final String PURGE_STATUS = "DELETE FROM endpoint_status WHERE tenant = $1";
    // a snapshot equal to what is applied (the registry re-publishes all of them at each start, and an event carries
    // the same data) changes no row, so it costs no recompile
    private static final String SNAPSHOT_UPSERT = """
            INSERT INTO endpoints (tenant, id, labels, updated_at, link_profile)
            VALUES ($1, $2, $3::text::jsonb, $4, $5::text::jsonb)
            ON CONFLICT (tenant, id) DO UPDATE
               SET labels = EXCLUDED.labels, updated_at = EXCLUDED.updated_at, link_profile = EXCLUDED.link_profile
             WHERE endpoints.deleted_at IS NULL AND (endpoints.updated_at < EXCLUDED.updated_at
                   OR (endpoints.updated_at = EXCLUDED.updated_at AND (endpoints.labels <> EXCLUDED.labels
                       OR endpoints.link_profile IS DISTINCT FROM EXCLUDED.link_profile)))""";

    /**
     * What happened to a tenant that was deleted.
     *
     * @param apps    apps deleted
     * @param cleared retained desired documents cleared
     */
    public record Purged(int apps, int cleared) {
    }

    private final Pool pool;
    private final DesiredCompiler compiler;
    private final Runnable afterCommit;

    /** @param afterCommit runs after every committed event (wakes the outbox relay) */
    public EndpointDirectory(Pool pool, DesiredCompiler compiler, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /**
     * Applies {@code endpoint.registered} or {@code endpoint.updated}: the endpoint's labels and link profile as of
     * {@code updatedAt} (an older event than the one applied, or one about a deleted endpoint, changes nothing).
     *
     * @param linkProfile the endpoint's link profile, null (or a JSON null) for the platform defaults
     *
     * @return how many desired documents were queued (0 or 1); empty for a duplicate event
     */
    public Future<Integer> labelled(String eventId, String tenant, String endpoint, JsonNode labels,
                                    OffsetDateTime updatedAt, JsonNode linkProfile) {
        return once(eventId, tenant, tx -> tx.preparedQuery(UPSERT)
                .execute(Tuple.of(tenant, endpoint, Json.write(labels), updatedAt, profileText(linkProfile)))
                .compose(v -> compiler.recompute(tx, tenant, List.of(endpoint))));
    }

    /**
     * Applies {@code endpoint.deleted}: the endpoint gets nothing any more and its retained desired document is
     * cleared.
     *
     * @return how many retained documents were cleared (0 or 1)
     */
    public Future<Integer> deleted(String eventId, String tenant, String endpoint, OffsetDateTime deletedAt) {
        return once(eventId, tenant, tx -> tx.preparedQuery(TOMBSTONE).execute(Tuple.of(tenant, endpoint, deletedAt))
                .compose(v -> compiler.clear(tx, tenant, List.of(endpoint))));
    }

    /**
     * Applies a retained endpoint snapshot: the endpoint's labels as of {@code updatedAt}, by the same rule as
     * {@link #labelled} (an older snapshot, or one about a deleted endpoint, changes nothing). Snapshots carry no event
     * id: applying one twice is harmless, the second changes no row.
     *
     * @return how many desired documents were queued (0 or 1)
     */
    public Future<Integer> snapshot(String tenant, String endpoint, JsonNode labels, OffsetDateTime updatedAt,
                                    JsonNode linkProfile) {
        return locked(tenant, tx -> tx.preparedQuery(SNAPSHOT_UPSERT)
                .execute(Tuple.of(tenant, endpoint, Json.write(labels), updatedAt, profileText(linkProfile)))
                .compose(rows -> rows.rowCount() == 0
                        ? Future.succeededFuture(0)
                        : compiler.recompute(tx, tenant, List.of(endpoint))));
    }

    /**
     * Applies a cleared snapshot (the registry deleted the endpoint): like {@link #deleted}, with the time it arrived
     * as the deletion time.
     *
     * @return how many retained documents were cleared (0 or 1)
     */
    public Future<Integer> snapshotCleared(String tenant, String endpoint, OffsetDateTime at) {
        return locked(tenant, tx -> tx.preparedQuery(TOMBSTONE).execute(Tuple.of(tenant, endpoint, at))
                .compose(v -> compiler.clear(tx, tenant, List.of(endpoint))));
    }

    /**
     * Applies {@code tenant.deleted}: the tenant's apps (with events and rollouts), templates, commands, config sets,
     * registries, endpoints, what their agents last reported and retained documents go.
     */
    public Future<Purged> tenantDeleted(String eventId, String tenant) {
        return once(eventId, tenant, tx -> TemplateStore.purgeTenant(tx, tenant)
                .compose(templates -> CommandStore.purgeTenant(tx, tenant))
                .compose(templates -> AppStore.purgeTenant(tx, tenant))
                .compose(apps -> ConfigSetStore.purgeTenant(tx, tenant)
                        .compose(sets -> RegistryStore.purgeTenant(tx, tenant)).map(apps))
                .compose(apps -> compiler.clear(tx, tenant, null)
                        .compose(cleared -> tx.preparedQuery(PURGE).execute(Tuple.of(tenant))
                                .compose(v -> tx.preparedQuery(PURGE_STATUS).execute(Tuple.of(tenant)))
                                .map(new Purged(apps, cleared)))))
                .map(purged -> purged == null ? new Purged(0, 0) : purged);
    }

    private static String profileText(JsonNode linkProfile) {
        return linkProfile == null || linkProfile.isNull() ? null : Json.write(linkProfile);
    }

    private <T> Future<T> once(String eventId, String tenant, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(tx -> Inbox.firstDelivery(tx, eventId).compose(first -> !first
                        ? Future.<T>succeededFuture(null)
                        : TenantLock.acquire(tx, tenant).compose(v -> work.apply(tx))))
                .onSuccess(result -> afterCommit.run());
    }

    private <T> Future<T> locked(String tenant, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant).compose(v -> work.apply(tx)))
                .onSuccess(result -> afterCommit.run());
    }
}

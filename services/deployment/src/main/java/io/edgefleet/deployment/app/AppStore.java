package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.deployment.config.ConfigRefs;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.desired.DesiredCompiler;
import io.edgefleet.deployment.desired.TenantLock;
import io.edgefleet.deployment.partition.PartitionDesiredCompiler;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Apps and their immutable revisions. Every change runs in one transaction that holds the tenant's
 * {@link TenantLock}, stores the revision, queues its {@code app.*} event and recompiles the tenant's desired
 * documents (endpoints' and partitions'), so the event, the history and what the endpoints are told commit together.
 */
public final class AppStore {

    private static final String INSERT_APP = """
            INSERT INTO apps (tenant, name, revision, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)
            ON CONFLICT (tenant, name) DO NOTHING""";
    private static final String ADVANCE = "UPDATE apps SET revision = $3, updated_at = $4 WHERE tenant = $1 AND name = $2";
    private static final String DELETE = "DELETE FROM apps WHERE tenant = $1 AND name = $2 RETURNING revision";
    private static final String DELETE_TENANT = "DELETE FROM apps WHERE tenant = $1 RETURNING name, revision";

    /** The tenant already has an app of that name. */
    public static final class NameTakenException extends RuntimeException {
        public NameTakenException(String name) {
            super("an app named '" + name + "' already exists in this tenant");
        }
    }

    /** The app exists but has no such revision. */
    public static final class NoSuchRevisionException extends RuntimeException {
        public NoSuchRevisionException(String name, int revision) {
            super("app '" + name + "' has no revision " + revision);
        }
    }

    /**
     * The outcome of an update or a rollback.
     *
     * @param changed false when the wanted spec and target equal the current revision's (nothing was stored)
     */
    public record Change(App app, boolean changed) {
    }

    private final Pool pool;
    private final DesiredCompiler compiler;
    private final Rollouts rollouts;
    private final PartitionDesiredCompiler partitions;
    private final SpecResolver resolver;
    private final Runnable afterCommit;

    /**
     * @param partitions  compiles the documents of Kubernetes partitions, next to the endpoints' ones
     * @param resolver    checks and pins an app's config set and registry references in the write's transaction
     * @param rollouts    starts the rollout of every new revision, in its transaction
     * @param afterCommit runs after every committed change (wakes the outbox relay)
     */
    public AppStore(Pool pool, DesiredCompiler compiler, PartitionDesiredCompiler partitions, SpecResolver resolver,
                    Rollouts rollouts, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** Starts the rollout of a new revision in the transaction that stored it, before its desired documents compile. */
    @FunctionalInterface
    public interface Rollouts {
        Future<Void> start(SqlConnection tx, App next, String createdBy);
    }

    /**
     * Creates an app at revision 1; fails with {@link NameTakenException} when the name is taken, with a 422 problem
     * when a config set, version or registry it references is unknown.
     */
    public Future<App> create(String tenant, String name, AppDefinition definition, String createdBy) {
        OffsetDateTime now = now();
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> resolver.resolve(tx, tenant, definition.config(), definition.spec()))
                .compose(config -> tx.preparedQuery(INSERT_APP).execute(Tuple.of(tenant, name, now)).compose(inserted -> {
                    if (inserted.rowCount() == 0) {
                        return Future.failedFuture(new NameTakenException(name));
                    }
                    App app = new App(tenant, name, 1, definition.spec(), definition.target().toJson(),
                            definition.rollout().toJson(), definition.overrides(), now, now, definition.autoUpdate(),
                            config);
                    return AppRows.insertRevision(tx, app, null, createdBy)
                            .compose(v -> emit(tx, "app.created", tenant, name, app.toJson()))
                            .compose(v -> recompile(tx, tenant))
                            .map(app);
                }))).onSuccess(app -> afterCommit.run());
    }

    public Future<List<App>> list(String tenant) {
        return pool.preparedQuery(AppRows.LIST).execute(Tuple.of(tenant)).map(rows -> {
            List<App> apps = new ArrayList<>(rows.size());
            rows.forEach(row -> apps.add(AppRows.app(row)));
            return apps;
        });
    }

    public Future<Optional<App>> get(String tenant, String name) {
        return current(pool, tenant, name);
    }

    /** The app's revisions, newest first; empty when the tenant has no such app. */
    public Future<Optional<List<AppRevision>>> revisions(String tenant, String name) {
        return pool.preparedQuery(AppRows.REVISIONS).execute(Tuple.of(tenant, name)).map(rows -> {
            List<AppRevision> revisions = new ArrayList<>(rows.size());
            rows.forEach(row -> revisions.add(AppRows.revision(row)));
            return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions);
        });
    }

    /**
     * Makes spec and target the app's next revision, unless they equal the current one's.
     *
     * @return empty when the tenant has no such app
     */
    public Future<Optional<Change>> update(String tenant, String name, AppDefinition definition, String createdBy) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> current(tx, tenant, name))
                .compose(current -> current.isEmpty() ? Future.succeededFuture(Optional.<Change>empty())
                        : resolver.resolve(tx, tenant, definition.config(), definition.spec()).compose(config ->
                                advance(tx, current.get(), new Revision(definition.spec(), definition.target().toJson(),
                                        definition.rollout().toJson(), definition.overrides(), definition.autoUpdate(),
                                        config), null, createdBy)).map(Optional::of)))
                .onSuccess(change -> afterCommit.run());
    }

    /**
     * The next revision with the same spec, target and sections but the config set references re-pinned, in the
     * caller's transaction, which holds the tenant's {@link TenantLock}: how a config set's new version makes the next
     * revision of every app that follows it, rolled out with the app's strategy. The caller wakes the outbox relay
     * after its commit.
     */
    public Future<Optional<Change>> updateIn(SqlConnection tx, String tenant, String name, JsonNode spec,
                                             AppTarget target, ConfigRefs requested, String createdBy) {
        return current(tx, tenant, name).compose(current -> current.isEmpty()
                ? Future.succeededFuture(Optional.<Change>empty())
                : resolver.resolve(tx, tenant, requested, spec).compose(config -> advance(tx, current.get(),
                        new Revision(spec, target.toJson(), current.get().rollout(), current.get().overrides(),
                                current.get().autoUpdate(), config), null, createdBy)).map(Optional::of));
    }

    /** The app as it is now, read in the caller's transaction. */
    public static Future<Optional<App>> currentIn(SqlConnection tx, String tenant, String name) {
        return current(tx, tenant, name);
    }

    /**
     * Derives the app's next revision from its current one under the tenant's lock, so that no change made meanwhile
     * is overwritten (the registry webhook's image releases). {@code next} sees the current app and answers the wanted
     * spec, target and autoUpdate (in an {@link App}; its rollout and overrides are kept from the current one), or
     * empty for no change.
     *
     * @return empty when the tenant has no such app or {@code next} wanted no change
     */
    public Future<Optional<Change>> updateFrom(String tenant, String name, Function<App, Optional<App>> next,
                                               String createdBy) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> current(tx, tenant, name))
                .compose(current -> {
                    Optional<App> wanted = current.flatMap(next);
                    return wanted.isEmpty() ? Future.succeededFuture(Optional.<Change>empty())
                            : advance(tx, current.get(), new Revision(wanted.get().spec(), wanted.get().target(),
                                    current.get().rollout(), current.get().overrides(), wanted.get().autoUpdate(),
                                    current.get().config()), null, createdBy).map(Optional::of);
                }))
                .onSuccess(change -> afterCommit.run());
    }

    /**
     * Makes a copy of an earlier revision the app's next revision (nothing when it equals the current one).
     *
     * @return empty when the tenant has no such app; fails with {@link NoSuchRevisionException} when the app has no
     *         such revision
     */
    public Future<Optional<Change>> rollback(String tenant, String name, int revision, String createdBy) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> rollback(tx, tenant, name, revision, createdBy)))
                .onSuccess(change -> afterCommit.run());
    }

    /**
     * {@link #rollback(String, String, int, String)} in the caller's transaction, which holds the tenant's lock: the
     * rollout engine rolls back this way when a rollout's failure policy says so.
     */
    public Future<Optional<Change>> rollback(SqlConnection tx, String tenant, String name, int revision,
                                             String createdBy) {
        return current(tx, tenant, name).compose(current -> {
            if (current.isEmpty()) {
                return Future.succeededFuture(Optional.<Change>empty());
            }
            return tx.preparedQuery(AppRows.REVISION).execute(Tuple.of(tenant, name, revision)).compose(rows -> {
                if (rows.size() == 0) {
                    return Future.failedFuture(new NoSuchRevisionException(name, revision));
                }
                AppRevision old = AppRows.revision(rows.iterator().next());
                // the versions the old revision pinned come back, if they still exist
                return resolver.resolve(tx, tenant, old.config(), old.spec()).compose(config -> advance(tx, current.get(),
                        new Revision(old.spec(), old.target(), old.rollout(), old.overrides(), old.autoUpdate(), config),
                        revision, createdBy)).map(Optional::of);
            });
        });
    }

    /**
     * Deletes an app with its history and takes it off its endpoints.
     *
     * @return whether the tenant had such an app
     */
    public Future<Boolean> delete(String tenant, String name) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> tx.preparedQuery(DELETE).execute(Tuple.of(tenant, name)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                    }
                    return deleted(tx, tenant, name, rows.iterator().next().getInteger("revision"))
                            .compose(v -> recompile(tx, tenant))
                            .map(true);
                }))
                .onSuccess(deleted -> afterCommit.run());
    }

    /**
     * Deletes every app of a tenant being purged, in the caller's transaction (which holds the tenant's lock), with an
     * {@code app.deleted} event for each, and clears the desired documents of the tenant's partitions.
     *
     * @return how many apps were deleted
     */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(DELETE_TENANT).execute(Tuple.of(tenant)).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row row : rows) {
                chain = chain.compose(v -> deleted(tx, tenant, row.getString("name"), row.getInteger("revision")));
            }
            return chain.compose(v -> PartitionDesiredCompiler.clear(tx, tenant)).map(rows.size());
        });
    }

    /** The tenant's endpoint documents and partition documents, in the caller's transaction. */
    private Future<Integer> recompile(SqlConnection tx, String tenant) {
        return compiler.recompute(tx, tenant, null).compose(queued -> partitions.recompute(tx, tenant).map(more -> queued + more));
    }

    /** The stored parts of a revision. */
    private record Revision(JsonNode spec, JsonNode target, JsonNode rollout, JsonNode overrides, JsonNode autoUpdate,
                            ConfigRefs config) {
        boolean sameAs(App app) {
            return app.spec().equals(spec) && app.target().equals(target) && app.rollout().equals(rollout)
                    && Objects.equals(app.overrides(), overrides) && Objects.equals(app.autoUpdate(), autoUpdate)
                    && app.config().equals(config);
        }
    }

    private Future<Change> advance(SqlConnection tx, App current, Revision wanted, Integer rolledBackTo,
                                   String createdBy) {
        if (wanted.sameAs(current)) {
            return Future.succeededFuture(new Change(current, false));
        }
        OffsetDateTime now = now();
        App next = new App(current.tenant(), current.name(), current.revision() + 1, wanted.spec(), wanted.target(),
                wanted.rollout(), wanted.overrides(), current.createdAt(), now, wanted.autoUpdate(), wanted.config());
        ObjectNode data = next.toJson();
        if (rolledBackTo == null) {
            data.putNull("rolledBackTo");
        } else {
            data.put("rolledBackTo", rolledBackTo);
        }
        return AppRows.insertRevision(tx, next, rolledBackTo, createdBy)
                .compose(v -> tx.preparedQuery(ADVANCE).execute(Tuple.of(next.tenant(), next.name(), next.revision(), now)))
                .compose(v -> emit(tx, "app.updated", next.tenant(), next.name(), data))
                .compose(v -> rollouts.start(tx, next, createdBy))
                .compose(v -> recompile(tx, next.tenant()))
                .map(new Change(next, true));
    }

    private static Future<Void> deleted(SqlConnection tx, String tenant, String name, int revision) {
        return emit(tx, "app.deleted", tenant, name, JsonNodeFactory.instance.objectNode().put("tenant", tenant)
                .put("name", name).put("revision", revision).put("deletedAt", App.format(now())));
    }

    private static Future<Void> emit(SqlConnection tx, String shortType, String tenant, String name, Object data) {
        return Outbox.append(tx, EventEnvelope.create(DeploymentConfig.SERVICE, shortType, tenant, name, data));
    }

    private static Future<Optional<App>> current(SqlClient client, String tenant, String name) {
        return client.preparedQuery(AppRows.GET).execute(Tuple.of(tenant, name))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(AppRows.app(rows.iterator().next())));
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}

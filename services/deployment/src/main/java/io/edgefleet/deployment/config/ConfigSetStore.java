package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.desired.TenantLock;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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

/**
 * Config sets with immutable versions. A new version is stored in one transaction (holding the tenant's
 * {@link TenantLock}) with the next revision of every app that follows the set, made through
 * {@link AppStore#updateIn} like any other app update, so that the change rolls out with each app's strategy.
 */
public final class ConfigSetStore {

    private static final String VERSION_COLUMNS = "v.name, v.version, v.entries::text AS entries, v.files::text AS files,"
            + " v.created_at, v.created_by";
    private static final String NEWEST = "SELECT " + VERSION_COLUMNS + """
             FROM config_sets s JOIN config_set_versions v ON v.tenant = s.tenant AND v.name = s.name AND v.version = s.version
            WHERE s.tenant = $1""";
    private static final String LIST = NEWEST + " ORDER BY s.name";
    private static final String GET = NEWEST + " AND s.name = $2";
    private static final String VERSIONS = "SELECT " + VERSION_COLUMNS
            + " FROM config_set_versions v WHERE v.tenant = $1 AND v.name = $2 ORDER BY v.version DESC";
    private static final String VERSION = "SELECT " + VERSION_COLUMNS
            + " FROM config_set_versions v WHERE v.tenant = $1 AND v.name = $2 AND v.version = $3";
    private static final String INSERT_SET = """
            INSERT INTO config_sets (tenant, name, version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)
            ON CONFLICT (tenant, name) DO NOTHING""";
    private static final String INSERT_VERSION = """
            INSERT INTO config_set_versions (tenant, name, version, entries, files, created_at, created_by)
            VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6, $7)""";
    private static final String ADVANCE = "UPDATE config_sets SET version = $3, updated_at = $4 WHERE tenant = $1 AND name = $2";
    private static final String USED_BY = """
            SELECT a.name FROM apps a
              JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision
             WHERE a.tenant = $1 AND r.config_sets @> jsonb_build_array(jsonb_build_object('name', $2::text))
             ORDER BY a.name""";
    private static final String DELETE = "DELETE FROM config_sets WHERE tenant = $1 AND name = $2";
    private static final String PURGE = "DELETE FROM config_sets WHERE tenant = $1";

    /** The tenant already has a config set of that name. */
    public static final class NameTakenException extends RuntimeException {
        public NameTakenException(String name) {
            super("a config set named '" + name + "' already exists in this tenant");
        }
    }

    /** Apps use the set, so it cannot go. */
    public static final class InUseException extends RuntimeException {
        public InUseException(String name, List<String> apps) {
            super("config set '" + name + "' is used by the app(s) " + String.join(", ", apps)
                    + "; remove it from their configSets first");
        }
    }

    /**
     * The outcome of an update.
     *
     * @param changed     false when the content equals the newest version (nothing was stored)
     * @param appsUpdated the apps that got a new revision because they follow the set
     */
    public record Change(SetVersion set, boolean changed, List<App> appsUpdated) {
    }

    private final Pool pool;
    private final AppStore apps;
    private final Runnable afterCommit;

    /** @param afterCommit runs after every committed change (wakes the outbox relay) */
    public ConfigSetStore(Pool pool, AppStore apps, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /** Stores version 1; fails with {@link NameTakenException} when the name is taken. */
    public Future<SetVersion> create(String tenant, String name, ObjectNode entries, ObjectNode files, String by) {
        OffsetDateTime now = now();
        SetVersion first = new SetVersion(name, 1, entries, files, now, by);
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> tx.preparedQuery(INSERT_SET).execute(Tuple.of(tenant, name, now)))
                .compose(inserted -> inserted.rowCount() == 0 ? Future.failedFuture(new NameTakenException(name))
                        : insertVersion(tx, tenant, first).map(first)));
    }

    /** Every set of the tenant at its newest version. */
    public Future<List<SetVersion>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant)).map(ConfigSetStore::versions);
    }

    /** The newest version of a set. */
    public Future<Optional<SetVersion>> get(String tenant, String name) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, name)).map(rows -> first(versions(rows)));
    }

    /** Every version of a set, newest first; empty when the tenant has no such set. */
    public Future<List<SetVersion>> versions(String tenant, String name) {
        return pool.preparedQuery(VERSIONS).execute(Tuple.of(tenant, name)).map(ConfigSetStore::versions);
    }

    public Future<Optional<SetVersion>> version(String tenant, String name, int version) {
        return pool.preparedQuery(VERSION).execute(Tuple.of(tenant, name, version)).map(rows -> first(versions(rows)));
    }

    /**
     * Makes the content the set's next version unless it equals the newest, and gives every app that follows the set
     * its next revision (created by {@code config-set:<name>@<version>}).
     *
     * @return empty when the tenant has no such set
     */
    public Future<Optional<Change>> update(String tenant, String name, ObjectNode entries, ObjectNode files, String by) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> tx.preparedQuery(GET).execute(Tuple.of(tenant, name)))
                .compose(rows -> {
                    Optional<SetVersion> newest = first(versions(rows));
                    if (newest.isEmpty()) {
                        return Future.succeededFuture(Optional.<Change>empty());
                    }
                    if (newest.get().entries().equals(entries) && newest.get().files().equals(files)) {
                        return Future.succeededFuture(Optional.of(new Change(newest.get(), false, List.of())));
                    }
                    OffsetDateTime now = now();
                    SetVersion next = new SetVersion(name, newest.get().version() + 1, entries, files, now, by);
                    return insertVersion(tx, tenant, next)
                            .compose(v -> tx.preparedQuery(ADVANCE).execute(Tuple.of(tenant, name, next.version(), now)))
                            .compose(v -> rollFollowers(tx, tenant, next))
                            .map(updated -> Optional.of(new Change(next, true, updated)));
                }))
                .onSuccess(change -> afterCommit.run());
    }

    /**
     * Deletes a set no app's current revision uses; fails with {@link InUseException} naming the apps.
     *
     * @return whether the tenant had such a set
     */
    public Future<Boolean> delete(String tenant, String name) {
        return pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                .compose(v -> usedBy(tx, tenant, name))
                .compose(users -> users.isEmpty()
                        ? tx.preparedQuery(DELETE).execute(Tuple.of(tenant, name)).map(rows -> rows.rowCount() > 0)
                        : Future.failedFuture(new InUseException(name, users))));
    }

    /** Deletes a deleted tenant's sets, in the purge's transaction. */
    public static Future<Integer> purgeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(PURGE).execute(Tuple.of(tenant)).map(rows -> rows.rowCount());
    }

    private Future<List<App>> rollFollowers(SqlConnection tx, String tenant, SetVersion next) {
        String createdBy = "config-set:" + SetVersion.key(next.name(), next.version());
        return usedBy(tx, tenant, next.name()).compose(users -> {
            List<App> updated = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (String user : users) {
                chain = chain.compose(v -> AppStore.currentIn(tx, tenant, user)).compose(current -> {
                    if (current.isEmpty() || !current.get().config().follows(next.name())) {
                        return Future.succeededFuture();
                    }
                    App app = current.get();
                    return apps.updateIn(tx, tenant, user, app.spec(), AppTarget.fromJson(app.target()),
                                    app.config().following(next.name(), next.version()), createdBy)
                            .map(change -> {
                                change.filter(AppStore.Change::changed).ifPresent(done -> updated.add(done.app()));
                                return null;
                            });
                });
            }
            return chain.map(updated);
        });
    }

    private static Future<List<String>> usedBy(SqlConnection tx, String tenant, String name) {
        return tx.preparedQuery(USED_BY).execute(Tuple.of(tenant, name)).map(rows -> {
            List<String> names = new ArrayList<>();
            rows.forEach(row -> names.add(row.getString("name")));
            return names;
        });
    }

    private static Future<Void> insertVersion(SqlConnection tx, String tenant, SetVersion version) {
        return tx.preparedQuery(INSERT_VERSION).execute(Tuple.of(tenant, version.name(), version.version(),
                Json.write(version.entries()), Json.write(version.files()), version.createdAt(), version.createdBy()))
                .mapEmpty();
    }

    private static List<SetVersion> versions(Iterable<Row> rows) {
        List<SetVersion> versions = new ArrayList<>();
        rows.forEach(row -> versions.add(SpecResolver.version(row)));
        return versions;
    }

    private static <T> Optional<T> first(List<T> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}

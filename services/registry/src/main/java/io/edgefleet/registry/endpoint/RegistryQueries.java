package io.edgefleet.registry.endpoint;

/** The registry's SQL. Every value is a bind parameter; jsonb travels as text ({@code $n::text::jsonb}). */
public final class RegistryQueries {

    /** Columns {@link Endpoint#from} reads. */
    public static final String ENDPOINT_COLUMNS = """
            id, tenant, name, labels::text AS labels, description, location, timezone, link_profile::text AS link_profile, \
            status, status_since, \
            last_seen_at, heartbeat_interval_seconds, facts::text AS facts, agent_version, observed_generation, created_at, \
            updated_at""";

    /** $1 id, $2 tenant, $3 name, $4 labels, $5 description, $6 location, $7 timezone, $8 secret hash, $9 link profile. */
    public static final String INSERT_ENDPOINT = """
            INSERT INTO endpoints (id, tenant, name, labels, description, location, timezone, secret_sha256,
                                   link_profile, created_at, updated_at)
            VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9::text::jsonb, now(), now())
            RETURNING\s""" + ENDPOINT_COLUMNS;

    /** $1 tenant, $2 id. */
    public static final String SELECT_ENDPOINT =
            "SELECT " + ENDPOINT_COLUMNS + " FROM endpoints WHERE tenant = $1 AND id = $2";

    /**
     * $1 tenant, $2 id: what the newest state report said runs on the machine. reportedAt is that report's, and null
     * while no report with containers was stored (none yet, or only ones received before containers were kept).
     */
    public static final String SELECT_CONTAINERS = """
            SELECT CASE WHEN containers IS NULL THEN NULL ELSE state_reported_at END AS reported_at,
                   containers::text AS containers, apps::text AS apps
              FROM endpoints WHERE tenant = $1 AND id = $2""";

    /** $1 tenant, $2 id; locks the row for an update in the same transaction. */
    public static final String SELECT_ENDPOINT_FOR_UPDATE = SELECT_ENDPOINT + " FOR UPDATE";

    /**
     * $1 tenant, $2 id, $3 labels, $4 description, $5 location, $6 timezone. The row is locked first, and
     * clock_timestamp() (not the transaction's start, now()) makes a later committed change carry a later updatedAt,
     * which consumers of the snapshots and events use to order them.
     */
    public static final String UPDATE_ENDPOINT = """
            UPDATE endpoints
               SET labels = $3::text::jsonb, description = $4, location = $5, timezone = $6,
                   link_profile = $7::text::jsonb,
                   updated_at = GREATEST(clock_timestamp(), updated_at)
             WHERE tenant = $1 AND id = $2
            RETURNING\s""" + ENDPOINT_COLUMNS;

    /** $1 tenant, $2 id, $3 new secret hash. */
    public static final String ROTATE_SECRET = """
            UPDATE endpoints SET secret_sha256 = $3, updated_at = now()
             WHERE tenant = $1 AND id = $2
            RETURNING id, updated_at""";

    /** $1 tenant, $2 id. */
    public static final String DELETE_ENDPOINT = """
            DELETE FROM endpoints WHERE tenant = $1 AND id = $2
            RETURNING id, name, status, now() AS deleted_at""";

    /** $1 tenant: every endpoint of a tenant being purged. */
    public static final String DELETE_TENANT_ENDPOINTS = """
            DELETE FROM endpoints WHERE tenant = $1
            RETURNING id, name, status, now() AS deleted_at""";

    /**
     * $1 id: the broker's hot path, two primary key lookups. Only an endpoint of an active tenant is found: agents of
     * a disabled or unknown tenant are refused.
     */
    public static final String AUTH_LOOKUP = """
            SELECT e.tenant, e.secret_sha256
              FROM endpoints e JOIN tenants t ON t.id = e.tenant AND t.status = 'active'
             WHERE e.id = $1""";

    /**
     * $1 id, $2 facts of a state report or null; locks the row while a presence, heartbeat or state report is
     * applied.
     */
    public static final String PRESENCE_LOCK = """
            SELECT tenant, status, connection_id, presence_at,
                   facts IS DISTINCT FROM $2::text::jsonb AS facts_differ
              FROM endpoints WHERE id = $1 FOR UPDATE""";

    /**
     * $1 id, $2 connection id or null, $3 presence 'at' or null: an online presence; status_since moves only
     * when the status changes.
     */
    public static final String PRESENCE_ONLINE = """
            UPDATE endpoints
               SET status = 'online',
                   status_since = CASE WHEN status = 'online' THEN status_since ELSE now() END,
                   last_seen_at = now(),
                   connection_id = $2,
                   presence_at = coalesce($3, presence_at)
             WHERE id = $1
            RETURNING status_since""";

    /** $1 id, $2 heartbeat interval or null: a heartbeat or state report from an endpoint held offline. */
    public static final String ACTIVITY_ONLINE = """
            UPDATE endpoints
               SET status = 'online', status_since = now(), last_seen_at = now(),
                   heartbeat_interval_seconds = coalesce($2, heartbeat_interval_seconds)
             WHERE id = $1
            RETURNING status_since""";

    /**
     * $1 id, $2 presence 'at' or null: goes offline now. The connection id stays, so that a delayed online of
     * the same connection is recognised as old.
     */
    public static final String PRESENCE_OFFLINE = """
            UPDATE endpoints
               SET status = 'offline', status_since = now(), presence_at = coalesce($2, presence_at)
             WHERE id = $1
            RETURNING status_since""";

    /** $1 id, $2 presence 'at' or null: an offline presence for an endpoint already offline. */
    public static final String RECORD_PRESENCE = """
            UPDATE endpoints SET presence_at = coalesce($2, presence_at) WHERE id = $1""";

    /**
     * $1 id, $2 facts, $3 observed generation, $4 agent version or null, $5 reportedAt, $6 containers, $7 apps: the
     * whole report in one statement, so facts, containers and apps always come from the same report.
     */
    public static final String STORE_STATE = """
            UPDATE endpoints
               SET facts = $2::text::jsonb, observed_generation = $3, agent_version = coalesce($4, agent_version),
                   state_reported_at = $5, containers = $6::text::jsonb, apps = $7::text::jsonb,
                   last_seen_at = now()
             WHERE id = $1
            RETURNING now() AS stored_at""";

    /**
     * $1 ids, $2 times seen, $3 heartbeat intervals: every buffered heartbeat in one statement. Returns each
     * endpoint found, with its status, so the caller can spot endpoints no longer online.
     */
    public static final String FLUSH_HEARTBEATS = """
            UPDATE endpoints e
               SET last_seen_at = greatest(e.last_seen_at, h.seen_at),
                   heartbeat_interval_seconds = h.interval_seconds
              FROM unnest($1::text[], $2::timestamptz[], $3::int[]) AS h(id, seen_at, interval_seconds)
             WHERE e.id = h.id
            RETURNING e.id, e.tenant, e.status, e.status_since""";

    /** Marks online endpoints offline whose lease (3 heartbeat intervals since last seen) ran out. */
    public static final String EXPIRE_LEASES = """
            UPDATE endpoints
               SET status = 'offline', status_since = now()
             WHERE status = 'online'
               AND last_seen_at < now() - heartbeat_interval_seconds * interval '3 seconds'
            RETURNING id, tenant, status_since""";

    private RegistryQueries() {
    }
}

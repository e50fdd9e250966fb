-- Edge endpoints: enrollment data, the secret's hash, presence and the last reported facts.
-- Flyway runs this with search_path = the registry schema, so names stay unqualified.

CREATE TABLE endpoints (
    id                          text        PRIMARY KEY,
    tenant                      text        NOT NULL,
    name                        text        NOT NULL,
    labels                      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    description                 text,
    location                    text,
    timezone                    text,
    -- SHA-256 hex of the secret; the secret itself is never stored
    secret_sha256               text        NOT NULL,
    status                      text        NOT NULL DEFAULT 'pending'
                                            CHECK (status IN ('pending', 'online', 'offline')),
    status_since                timestamptz,
    last_seen_at                timestamptz,
    heartbeat_interval_seconds  integer     NOT NULL DEFAULT 30
                                            CHECK (heartbeat_interval_seconds BETWEEN 1 AND 3600),
    -- connectionId of the online presence that made the endpoint online (null when it did not carry one)
    connection_id               text,
    -- agent-side 'at' of the newest presence applied; older presences are stale
    presence_at                 timestamptz,
    facts                       jsonb,
    -- agent-side 'reportedAt' of the newest state report applied; older reports are stale
    state_reported_at           timestamptz,
    observed_generation         bigint,
    agent_version               text,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    CONSTRAINT endpoints_labels_object CHECK (jsonb_typeof(labels) = 'object')
);

-- names are unique per tenant regardless of case ("Press-1" and "press-1" would confuse operators);
-- the index also serves the list's ORDER BY lower(name)
CREATE UNIQUE INDEX endpoints_tenant_name_key ON endpoints (tenant, lower(name));

-- label selectors 'k=v' use containment (labels @> {"k": "v"})
CREATE INDEX endpoints_labels_idx ON endpoints USING gin (labels jsonb_path_ops);

-- the lease sweeper looks at online endpoints only
CREATE INDEX endpoints_online_last_seen_idx ON endpoints (last_seen_at) WHERE status = 'online';

-- What telemetry knows about each endpoint, projected from the registry's retained snapshots
-- (fleet/v1/{tenant}/endpoints/{endpoint}) and the agents' retained presence: alert scopes select by labels,
-- the federation endpoint reports edgefleet_endpoint_up, the offline rule watches `online`.
CREATE TABLE endpoints (
    tenant       text        NOT NULL,
    endpoint     text        NOT NULL,
    name         text        NOT NULL,
    labels       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    online       boolean     NOT NULL DEFAULT false,
    online_since timestamptz,
    seen_at      timestamptz,
    PRIMARY KEY (tenant, endpoint)
);

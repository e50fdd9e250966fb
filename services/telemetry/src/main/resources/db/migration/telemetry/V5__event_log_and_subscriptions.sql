-- Every tenant event seen on fleet/v1/{tenant}/events/#, kept for the retention so that an SSE client can resume
-- after the last event it saw and analytics can poll. position grows in the order events were stored (one writer
-- stores them one at a time, so positions also commit in that order). Partitioned by day on logged_at.
CREATE TABLE event_log (
    position   bigserial   NOT NULL,
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    type       text        NOT NULL,
    logged_at  timestamptz NOT NULL DEFAULT now(),
    document   jsonb       NOT NULL
) PARTITION BY RANGE (logged_at);

CREATE INDEX event_log_tenant_position ON event_log (tenant, position);

-- The identity of every logged event (a partitioned table cannot hold a unique key without its partition key):
-- an event that arrives again (QoS 1 redelivery) is stored once. Deleted with the partitions at retention.
CREATE TABLE event_log_ids (
    tenant    text        NOT NULL,
    id        text        NOT NULL,
    position  bigint      NOT NULL,
    logged_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX event_log_ids_logged ON event_log_ids (logged_at);

-- Webhook subscriptions of a tenant's events. types holds short type prefixes ('endpoint.'); empty means every
-- event. The secret signs the deliveries (HMAC needs the key itself, so it is stored as given and never returned
-- after the creation answer).
CREATE TABLE event_subscriptions (
    tenant      text        NOT NULL,
    id          uuid        NOT NULL,
    url         text        NOT NULL,
    types       text[]      NOT NULL DEFAULT '{}',
    description text        NOT NULL DEFAULT '',
    enabled     boolean     NOT NULL DEFAULT true,
    secret      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, id)
);

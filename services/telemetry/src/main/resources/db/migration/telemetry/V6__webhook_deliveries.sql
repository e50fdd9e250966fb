-- Outgoing webhook POSTs of alert channels and event subscriptions: a persistent queue, so a delivery survives a
-- restart and a receiver that is down gets it later. The worker claims due rows with FOR UPDATE SKIP LOCKED, so
-- several replicas share the work without sending a delivery twice at the same time.
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    owner_kind      text        NOT NULL,
    owner_id        text        NOT NULL,
    url             text        NOT NULL,
    -- the HMAC key (the receiver holds the same); NULL sends unsigned (e.g. Alertmanager)
    secret          text,
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    max_attempts    integer     NOT NULL,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_owner ON webhook_deliveries (tenant, owner_kind, owner_id, created_at DESC);

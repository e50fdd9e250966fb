-- Commands sent to agents through the commands API (one operation on one container, answered by the agent's reply),
-- and the optional autoUpdate section of an app revision (the registry webhook releases new images of the apps that
-- follow a repository).

CREATE TABLE commands (
    id          text        PRIMARY KEY,
    tenant      text        NOT NULL,
    endpoint    text        NOT NULL,
    -- command.schema.json type, e.g. container.stop
    type        text        NOT NULL,
    container   text        NOT NULL,
    args        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- the caller the gateway forwarded (X-Edgefleet-Principal)
    issued_by   text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- PENDING (stored), SENT (the broker acknowledged it), UNDELIVERED (the broker could not take it), or the reply's
    -- status: SUCCEEDED, FAILED, EXPIRED, REJECTED, NOT_FOUND. A PENDING or SENT command past expires_at reads EXPIRED.
    status      text        NOT NULL,
    reply       jsonb       NULL,
    replied_at  timestamptz NULL,
    CHECK (expires_at > issued_at)
);

CREATE INDEX commands_recent ON commands (tenant, issued_at DESC);
CREATE INDEX commands_endpoint_recent ON commands (tenant, endpoint, issued_at DESC);

ALTER TABLE app_revisions ADD COLUMN auto_update jsonb NULL;

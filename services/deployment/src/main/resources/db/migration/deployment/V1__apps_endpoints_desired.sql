-- Apps with immutable revisions, the endpoint directory learnt from the registry's events, and what each endpoint's
-- retained desired document holds.

CREATE TABLE apps (
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    -- the current revision: the highest one, rollbacks append a copy instead of moving back
    revision    integer     NOT NULL CHECK (revision >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, name)
);

CREATE TABLE app_revisions (
    tenant          text        NOT NULL,
    name            text        NOT NULL,
    revision        integer     NOT NULL CHECK (revision >= 1),
    spec            jsonb       NOT NULL,
    target          jsonb       NOT NULL,
    -- set when the revision copies an earlier one through a rollback
    rolled_back_to  integer     NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text        NOT NULL,
    PRIMARY KEY (tenant, name, revision),
    FOREIGN KEY (tenant, name) REFERENCES apps (tenant, name) ON DELETE CASCADE
);

-- endpoints as the registry announced them; a deleted one stays as a tombstone so that a late registered/updated
-- event (shared subscriptions do not keep order across types) cannot bring it back
CREATE TABLE endpoints (
    tenant      text        NOT NULL,
    id          text        NOT NULL,
    labels      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- the registry's updatedAt of the data applied: an older event never overwrites a newer one
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz NULL,
    PRIMARY KEY (tenant, id)
);

-- the content of the last desired document published per endpoint: the apps with their revisions, sorted by name
CREATE TABLE desired_state (
    tenant      text        NOT NULL,
    endpoint    text        NOT NULL,
    generation  bigint      NOT NULL CHECK (generation >= 1),
    apps        jsonb       NOT NULL,
    issued_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant, endpoint)
);

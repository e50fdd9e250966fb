-- Rollouts: how a new app revision reaches the endpoints that run an earlier one, what the agents report, and the
-- per-target overrides of a revision.

ALTER TABLE app_revisions
    ADD COLUMN rollout   jsonb NULL,  -- the strategy that rolls this revision out; NULL = all at once
    ADD COLUMN overrides jsonb NULL;  -- per-target changes to the spec; NULL = none

-- what each endpoint's agent last said: presence (retained edge/v1/{t}/{e}/presence) and its state report
-- (retained edge/v1/{t}/{e}/state); rollouts read progress from here
CREATE TABLE endpoint_status (
    tenant               text        NOT NULL,
    endpoint             text        NOT NULL,
    online               boolean     NOT NULL DEFAULT false,
    presence_at          timestamptz NULL,
    observed_generation  bigint      NULL,
    -- the state report's apps: [{name, revision, phase, message}]
    apps                 jsonb       NOT NULL DEFAULT '[]'::jsonb,
    timezone             text        NULL,
    reported_at          timestamptz NULL,
    PRIMARY KEY (tenant, endpoint)
);

CREATE TABLE rollouts (
    id                 uuid        PRIMARY KEY,
    tenant             text        NOT NULL,
    app                text        NOT NULL,
    revision           integer     NOT NULL,
    strategy           jsonb       NOT NULL,
    state              text        NOT NULL CHECK (state IN ('running', 'paused', 'awaiting-promotion', 'succeeded',
                                                             'failed', 'aborted', 'rolled-back', 'superseded')),
    -- canary: only the canary endpoints may start; main: the rest
    phase              text        NOT NULL CHECK (phase IN ('canary', 'main')),
    reason             text        NULL,
    -- failures already accepted by a resume: the failure policy counts only failures beyond these
    accepted_failures  integer     NOT NULL DEFAULT 0,
    -- since when every canary endpoint has been Running (automatic promotion)
    canary_healthy_at  timestamptz NULL,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    FOREIGN KEY (tenant, app) REFERENCES apps (tenant, name) ON DELETE CASCADE
);

-- at most one rollout of an app is in progress; a new revision supersedes it
CREATE UNIQUE INDEX rollouts_one_in_progress ON rollouts (tenant, app)
    WHERE state IN ('running', 'paused', 'awaiting-promotion');
CREATE INDEX rollouts_by_app ON rollouts (tenant, app, created_at DESC);

CREATE TABLE rollout_targets (
    rollout_id     uuid        NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    endpoint       text        NOT NULL,
    -- order in which endpoints are taken; canary endpoints come first
    position       integer     NOT NULL,
    canary         boolean     NOT NULL DEFAULT false,
    -- the revision the endpoint ran when the rollout started; it keeps it while pending or waiting
    from_revision  integer     NOT NULL,
    state          text        NOT NULL CHECK (state IN ('pending', 'waiting', 'updating', 'succeeded', 'failed',
                                                         'stuck', 'skipped')),
    reason         text        NULL,
    started_at     timestamptz NULL,
    finished_at    timestamptz NULL,
    PRIMARY KEY (rollout_id, endpoint)
);

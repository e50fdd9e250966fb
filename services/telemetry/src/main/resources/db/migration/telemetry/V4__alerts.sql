-- Alerting: what the fleet projection needs beyond V1's endpoints, the tenants' rules, alert state, silences and
-- notification channels.

-- The registry's updatedAt of the snapshot applied last: older snapshots are ignored; NULL means the endpoint is only
-- known from its presence (no snapshot yet, or deleted), and rules do not look at it.
ALTER TABLE endpoints ADD COLUMN snapshot_at timestamptz;

-- Per endpoint and app: the phase of the agent's newest retained state report, for the app-not-converged rule.
CREATE TABLE endpoint_apps (
    tenant   text        NOT NULL,
    endpoint text        NOT NULL,
    app      text        NOT NULL,
    phase    text        NOT NULL,
    since    timestamptz NOT NULL,
    message  text,
    PRIMARY KEY (tenant, endpoint, app)
);

-- A tenant's rules. Custom rules have a UUID id; a built-in rule has its kind as id and a row only once the tenant
-- tuned it (enabled, threshold, forSeconds, severity); definition holds the rule as the API shows it.
CREATE TABLE alert_rules (
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    name       text        NOT NULL,
    definition jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX alert_rules_name ON alert_rules (tenant, lower(name));

-- One row per (rule, series) episode: pending -> firing -> resolved. Only one open (pending or firing) row per
-- (tenant, rule, series); resolved rows stay as history.
CREATE TABLE alerts (
    id             uuid             PRIMARY KEY,
    tenant         text             NOT NULL,
    rule_id        text             NOT NULL,
    series         text             NOT NULL,
    state          text             NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    severity       text             NOT NULL,
    labels         jsonb            NOT NULL,
    annotations    jsonb            NOT NULL,
    value          double precision NOT NULL,
    active_since   timestamptz      NOT NULL,
    fired_at       timestamptz,
    resolved_at    timestamptz,
    resolve_reason text,
    silenced       boolean          NOT NULL DEFAULT false,
    -- true from handing the firing to the channels until handing over the resolution: the receivers believe it fires
    notified       boolean          NOT NULL DEFAULT false,
    -- the channels the firing went to, so that the resolution goes to the same ones
    channels       jsonb            NOT NULL DEFAULT '[]'::jsonb,
    -- when the channels were last told it fires: Alertmanager forgets an alert that is not sent again
    notified_at    timestamptz,
    updated_at     timestamptz      NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alerts_open ON alerts (tenant, rule_id, series) WHERE state IN ('pending', 'firing');
CREATE INDEX alerts_tenant_state ON alerts (tenant, state, active_since DESC);

CREATE TABLE silences (
    id         uuid        PRIMARY KEY,
    tenant     text        NOT NULL,
    matchers   jsonb       NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX silences_tenant ON silences (tenant, ends_at);

-- Where notifications go: a webhook (url + HMAC secret) or a Prometheus Alertmanager (base url).
CREATE TABLE notification_channels (
    id         uuid        PRIMARY KEY,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('webhook', 'alertmanager')),
    url        text        NOT NULL,
    secret     text,
    is_default boolean     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX notification_channels_name ON notification_channels (tenant, lower(name));

-- App templates: an app spec with placeholders (dollar sign, param name in braces) and the params that fill them.
-- A tenant's own catalogue has its tenant id as catalogue; the shared catalogue (managed by platform admins, read by
-- every tenant) is ''.

CREATE TABLE app_templates (
    catalogue   text        NOT NULL,
    name        text        NOT NULL,
    -- 1 at creation, + 1 at every PUT that changes it; apps instantiated from it are logged with it
    version     integer     NOT NULL CHECK (version >= 1),
    body        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL,
    PRIMARY KEY (catalogue, name)
);

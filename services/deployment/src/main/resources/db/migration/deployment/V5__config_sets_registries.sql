-- Config sets (versioned key/values and files per tenant), registry credentials per tenant, and the references an app
-- revision makes to them.

CREATE TABLE config_sets (
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    -- the newest version; every change appends one to config_set_versions
    version     integer     NOT NULL CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, name)
);

-- immutable: an app revision pins one of them, so a revision compiles to the same spec whenever it is compiled
CREATE TABLE config_set_versions (
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL CHECK (version >= 1),
    -- {"KEY": "value"}: environment variables
    entries     jsonb       NOT NULL,
    -- {"file-name": "UTF-8 content"}: files mounted under an app's mountPath
    files       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    PRIMARY KEY (tenant, name, version),
    FOREIGN KEY (tenant, name) REFERENCES config_sets (tenant, name) ON DELETE CASCADE
);

CREATE TABLE registries (
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    host        text        NOT NULL,
    username    text        NOT NULL,
    -- SecretBox-sealed (EDGEFLEET_SECRET_KEY), bound to tenant and name; never stored or returned in clear
    password    bytea       NOT NULL,
    -- + 1 with every change, part of the desired content so that a new password reaches the endpoints
    version     integer     NOT NULL CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL,
    PRIMARY KEY (tenant, name),
    -- the agent refuses a desired document that lists a host twice
    UNIQUE (tenant, host)
);

-- [{"name", "version" (as asked; absent = follow the newest), "resolvedVersion", "env", "mountPath"}]
ALTER TABLE app_revisions ADD COLUMN config_sets jsonb NULL;
-- ["registry name", ...]
ALTER TABLE app_revisions ADD COLUMN registries jsonb NULL;

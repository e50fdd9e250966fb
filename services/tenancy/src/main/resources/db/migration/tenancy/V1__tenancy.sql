-- Tenants, platform users with their memberships, refresh tokens and API tokens.
-- Flyway runs this with search_path = the tenancy schema, so names stay unqualified.
-- No secret is stored in clear: passwords as Argon2id PHC strings, tokens as SHA-256 hex.

CREATE TABLE tenants (
    id            text        PRIMARY KEY,
    display_name  text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- the tenant every service knew before tenancy existed
INSERT INTO tenants (id, display_name, status) VALUES ('default', 'Default tenant', 'active');

CREATE TABLE users (
    id              uuid        PRIMARY KEY,
    email           text        NOT NULL,
    display_name    text        NOT NULL,
    password_hash   text        NOT NULL,
    platform_admin  boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_ci ON users (lower(email));

CREATE TABLE memberships (
    tenant      text        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('tenant-admin', 'operator', 'viewer')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE refresh_tokens (
    token_sha256  text        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE api_tokens (
    id            uuid        PRIMARY KEY,
    tenant        text        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('tenant-admin', 'operator', 'viewer')),
    token_sha256  text        NOT NULL UNIQUE,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    created_by    text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_tokens_tenant ON api_tokens (tenant, created_at);

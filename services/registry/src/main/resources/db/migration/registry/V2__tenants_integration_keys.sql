-- Tenants as the tenancy service announces them (retained snapshots on fleet/v1/{tenant}/tenant), and the
-- integration keys that factory systems use to read a tenant's telemetry over MQTT.

CREATE TABLE tenants (
    id            text        PRIMARY KEY,
    display_name  text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('active', 'disabled')),
    -- the tenancy service's updatedAt of the snapshot applied; an older snapshot never overwrites a newer one
    updated_at    timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);

-- 'default' exists before any snapshot arrives (a registry without the tenancy service keeps working), and so does
-- every tenant that already has endpoints; the epoch as updated_at lets the first real snapshot replace them
INSERT INTO tenants (id, display_name, status, updated_at)
SELECT id, id, 'active', 'epoch'::timestamptz
  FROM (SELECT 'default' AS id UNION SELECT DISTINCT tenant FROM endpoints) AS known;

-- an endpoint cannot outlive its tenant: the purge deletes endpoints (with their events) before the tenant;
-- endpoints_tenant_name_key (tenant first) serves the purge's lookup by tenant
ALTER TABLE endpoints ADD CONSTRAINT endpoints_tenant_fkey FOREIGN KEY (tenant) REFERENCES tenants (id);

CREATE TABLE integration_keys (
    id             text        PRIMARY KEY,
    tenant         text        NOT NULL REFERENCES tenants (id),
    name           text        NOT NULL,
    -- SHA-256 hex of the secret; the secret itself is never stored
    secret_sha256  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text        NOT NULL,
    expires_at     timestamptz
);

-- names are unique per tenant regardless of case; the index also serves the list's ORDER BY lower(name)
CREATE UNIQUE INDEX integration_keys_tenant_name_key ON integration_keys (tenant, lower(name));

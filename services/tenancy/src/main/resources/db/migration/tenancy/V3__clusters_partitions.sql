-- Kubernetes clusters a platform admin registered, and tenant partitions (one namespace each) in them.
-- A cluster's credential (bearer token or kubeconfig) is stored only sealed with the platform key
-- (AES-256-GCM, associated data = "clusters" + id): see io.edgefleet.kit.crypto.SecretBox.

CREATE TABLE clusters (
    id                        uuid        PRIMARY KEY,
    name                      text        NOT NULL UNIQUE,
    api_url                   text        NOT NULL,
    auth_kind                 text        NOT NULL CHECK (auth_kind IN ('token', 'kubeconfig')),
    credential_sealed         bytea       NOT NULL,
    ca_cert_pem               text,
    insecure_skip_tls_verify  boolean     NOT NULL DEFAULT false,
    status                    text        NOT NULL CHECK (status IN ('ready', 'unreachable')),
    kubernetes_version        text,
    last_checked_at           timestamptz NOT NULL,
    last_error                text,
    created_by                text,
    created_at                timestamptz NOT NULL DEFAULT now()
);

-- No ON DELETE CASCADE on either reference: a tenant's namespaces are deleted in their clusters before its row
-- goes, and a cluster that still holds partitions cannot be deleted. The database refuses both mistakes.
CREATE TABLE partitions (
    tenant      text        NOT NULL REFERENCES tenants (id),
    name        text        NOT NULL,
    cluster_id  uuid        NOT NULL REFERENCES clusters (id),
    namespace   text        NOT NULL,
    quota       jsonb       NOT NULL,
    limits      jsonb       NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, name),
    CONSTRAINT partitions_namespace_unique UNIQUE (cluster_id, namespace)
);

CREATE INDEX partitions_cluster ON partitions (cluster_id);

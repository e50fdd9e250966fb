-- The audit log: one row per io.edgefleet.audit.recorded.v1 event. The event id is the primary key, so a
-- redelivered event is stored once. Members are kept as recorded.
--
-- tenant is the entry's tenant as recorded (null: a platform-level entry). log_tenant is the tenant whose
-- log shows the entry: the recorded tenant while it exists, else null (an entry about a tenant that does not
-- exist, or arrived after the tenant was deleted, is visible to platform admins only). Deleting a tenant
-- deletes its log with it (ON DELETE CASCADE, in the delete's own transaction).

CREATE TABLE audit_entries (
    id           text COLLATE "C" PRIMARY KEY,
    tenant       text,
    log_tenant   text        REFERENCES tenants (id) ON DELETE CASCADE,
    actor_kind   text        NOT NULL,
    actor_id     text        NOT NULL,
    actor_name   text,
    action       text        NOT NULL,
    target       text        NOT NULL,
    method       text        NOT NULL,
    status       smallint    NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
    source_ip    text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    source       text        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (log_tenant IS NULL OR log_tenant = tenant)
);

-- every listing is newest first by (occurred_at, id); each index serves one way of narrowing it
CREATE INDEX audit_entries_log ON audit_entries (log_tenant, occurred_at, id);
CREATE INDEX audit_entries_time ON audit_entries (occurred_at, id);
CREATE INDEX audit_entries_tenant ON audit_entries (tenant, occurred_at, id);
CREATE INDEX audit_entries_actor ON audit_entries (actor_id, occurred_at, id);
CREATE INDEX audit_entries_action ON audit_entries (action, occurred_at, id);

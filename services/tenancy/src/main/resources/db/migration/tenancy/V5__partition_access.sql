-- Whether a partition's RoleBinding (the tenant's Kubernetes access) is in its cluster. What it should be follows the
-- tenant's status (active: granted, disabled: suspended); access_applied is what the cluster was last seen to accept,
-- so a row where the two differ still has to be reconciled (its cluster could not be reached when the tenant's status
-- changed). Rows from before this migration have their binding, hence the default.
ALTER TABLE partitions
    ADD COLUMN access_applied      text        NOT NULL DEFAULT 'granted' CHECK (access_applied IN ('granted', 'suspended')),
    ADD COLUMN access_error        text,
    ADD COLUMN access_attempted_at timestamptz;

-- Apps targeted at Kubernetes partitions: what each partition's retained desired document last held, and the state
-- the tenancy service last reported for the partition.

-- one row per partition that ever had an app targeted at it; apps = [{name, revision}] sorted by name (empty once no
-- app targets it any more, so the generation keeps growing if one comes back)
CREATE TABLE partition_desired (
    tenant      text        NOT NULL,
    partition   text        NOT NULL,
    generation  bigint      NOT NULL CHECK (generation >= 1),
    apps        jsonb       NOT NULL,
    issued_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant, partition)
);

-- the last partition-state document per partition (fleet/v1/{tenant}/partitions/{partition}/state)
CREATE TABLE partition_state (
    tenant               text        NOT NULL,
    partition            text        NOT NULL,
    observed_generation  bigint      NOT NULL,
    error                text        NULL,
    apps                 jsonb       NOT NULL,
    reported_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant, partition)
);

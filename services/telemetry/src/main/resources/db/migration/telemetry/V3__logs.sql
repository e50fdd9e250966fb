-- Container log lines the agents ship (logs.schema.json), one row per line. Partitioned by day on ts so that
-- retention drops whole partitions; the logs part creates partitions ahead of time and drops expired ones.
-- id orders lines that share a timestamp and makes the search cursor (ts, id) unique.
CREATE TABLE logs (
    id        bigserial   NOT NULL,
    tenant    text        NOT NULL,
    endpoint  text        NOT NULL,
    container text        NOT NULL,
    app       text,
    stream    text        NOT NULL,
    ts        timestamptz NOT NULL,
    text      text        NOT NULL
) PARTITION BY RANGE (ts);

CREATE INDEX logs_tenant_ts ON logs (tenant, ts DESC, id DESC);
CREATE INDEX logs_endpoint_ts ON logs (tenant, endpoint, ts DESC, id DESC);

-- Every log batch stored, by the agent's (stream, seq): a batch that arrives again is recognised and not stored
-- twice. Rows older than the log retention are deleted with the partitions.
CREATE TABLE log_batches (
    tenant        text        NOT NULL,
    endpoint      text        NOT NULL,
    stream        text        NOT NULL,
    seq           bigint      NOT NULL,
    lines         integer     NOT NULL,
    dropped_lines bigint      NOT NULL DEFAULT 0,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, endpoint, stream, seq)
);
CREATE INDEX log_batches_received ON log_batches (received_at);

-- Metric samples as the agents report them, one row per sample. Partitioned by day on ts so that retention drops
-- whole partitions; the metrics part creates partitions ahead of time and drops expired ones.
-- container and device are '' for samples that have none (node metrics; container metrics have no device), so that
-- (tenant, endpoint, metric, container, device) names a series without NULL handling.
CREATE TABLE samples (
    tenant    text             NOT NULL,
    endpoint  text             NOT NULL,
    metric    text             NOT NULL,
    container text             NOT NULL DEFAULT '',
    device    text             NOT NULL DEFAULT '',
    app       text,
    ts        timestamptz      NOT NULL,
    value     double precision NOT NULL
) PARTITION BY RANGE (ts);

CREATE INDEX samples_series_ts ON samples (tenant, endpoint, metric, ts);
-- The rollup job and "latest" read time ranges across all series: a BRIN index on ts costs almost nothing to keep
-- (rows arrive roughly in time order) and lets them skip the rest of a day's partition.
CREATE INDEX samples_ts_brin ON samples USING brin (ts);

-- Rollups: one row per series and minute / hour, written by the metrics part once the bucket has closed.
CREATE TABLE samples_1m (
    tenant    text             NOT NULL,
    endpoint  text             NOT NULL,
    metric    text             NOT NULL,
    container text             NOT NULL DEFAULT '',
    device    text             NOT NULL DEFAULT '',
    bucket    timestamptz      NOT NULL,
    min_value double precision NOT NULL,
    max_value double precision NOT NULL,
    sum_value double precision NOT NULL,
    count     integer          NOT NULL,
    last_value double precision NOT NULL,
    PRIMARY KEY (tenant, endpoint, metric, container, device, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE samples_1h (LIKE samples_1m INCLUDING DEFAULTS) PARTITION BY RANGE (bucket);
ALTER TABLE samples_1h ADD PRIMARY KEY (tenant, endpoint, metric, container, device, bucket);

-- Every batch stored, by its (stream, seq): a batch that arrives again is recognised and not stored twice.
CREATE TABLE metric_batches (
    tenant      text        NOT NULL,
    endpoint    text        NOT NULL,
    stream      text        NOT NULL,
    seq         bigint      NOT NULL,
    collected   timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, endpoint, stream, seq)
);
CREATE INDEX metric_batches_received ON metric_batches (received_at);

-- Per agent stream: what the agent's offline buffer dropped (counters the agent reports) and the newest batch.
CREATE TABLE metric_streams (
    tenant          text        NOT NULL,
    endpoint        text        NOT NULL,
    stream          text        NOT NULL,
    dropped_batches bigint      NOT NULL DEFAULT 0,
    dropped_samples bigint      NOT NULL DEFAULT 0,
    last_seq        bigint      NOT NULL,
    last_collected  timestamptz NOT NULL,
    PRIMARY KEY (tenant, endpoint, stream)
);

-- Rollup work: the minutes (resolution '1m') and hours ('1h') that got new data since they were last rolled up. Each
-- write of samples marks its minutes in the same transaction; the rollup job takes the closed ones, recomputes them
-- from the finer table and marks their hours. A late batch therefore re-marks an old minute and its rollup is redone.
CREATE TABLE metric_rollup_pending (
    resolution text        NOT NULL,
    bucket     timestamptz NOT NULL,
    PRIMARY KEY (resolution, bucket)
);

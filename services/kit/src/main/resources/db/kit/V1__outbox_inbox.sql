-- kit tables, in the owning service's schema; history in flyway_kit_history

CREATE TABLE ${flyway:defaultSchema}.outbox (
    seq        bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    payload    bytea       NOT NULL,
    retain     boolean     NOT NULL DEFAULT false,
    qos        smallint    NOT NULL DEFAULT 1 CHECK (qos IN (0, 1)),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${flyway:defaultSchema}.inbox (
    event_id    text        PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX inbox_received_at ON ${flyway:defaultSchema}.inbox (received_at);

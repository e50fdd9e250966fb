-- The containers and app phases of the newest state report, next to the facts it carried (same transaction), so
-- that GET .../endpoints/{id}/containers answers from the database without asking the agent.
-- Both stay null until the first report after this migration: the answer then says reportedAt null.

ALTER TABLE endpoints
    ADD COLUMN containers jsonb CHECK (containers IS NULL OR jsonb_typeof(containers) = 'array'),
    ADD COLUMN apps       jsonb CHECK (apps IS NULL OR jsonb_typeof(apps) = 'array');

-- The endpoint's link profile (link-profile.schema.json) as the registry stores it: a preset already expanded into
-- its values. Null means "platform defaults" for every member, which every endpoint enrolled before had.

ALTER TABLE endpoints
    ADD COLUMN link_profile jsonb CHECK (link_profile IS NULL OR jsonb_typeof(link_profile) = 'object');

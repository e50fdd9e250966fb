-- The endpoint's link profile as the registry announces it (link-profile.schema.json, preset already expanded); null
-- means platform defaults. Commands take their default expiry and reply wait from it, and the desired compiler puts
-- its agent part (keepAliveSeconds, reconnectBackoff) into the endpoint's document.

ALTER TABLE endpoints
    ADD COLUMN link_profile jsonb CHECK (link_profile IS NULL OR jsonb_typeof(link_profile) = 'object');

-- Issue 11: forum questions carry a tag the moderators chose at /qa setup, so a forum that requires
-- a tag on every post takes them. The name is kept for the settings card; Discord checks the id.
ALTER TABLE qa_settings ADD COLUMN forum_tag_id TEXT CHECK (forum_tag_id IS NULL OR channel_kind = 'forum');
ALTER TABLE qa_settings ADD COLUMN forum_tag_name TEXT CHECK ((forum_tag_name IS NULL) = (forum_tag_id IS NULL));

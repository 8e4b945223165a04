-- Issue 15: Q&A that lives in members' own messages (message context menus). An answer marked with
-- "Mark as answer" is the member's message itself (origin 'message'): message_id/channel_id name
-- that message, the bot never edits or deletes it, and one message is at most one answer (the key
-- also makes two racing clicks store it once). A question made with "Track as a question" keeps the
-- message it came from, once per message; a draft shown with similar questions keeps it until posted.
ALTER TABLE qa_answers ADD COLUMN origin TEXT NOT NULL DEFAULT 'form' CHECK (origin IN ('form', 'message'));
CREATE UNIQUE INDEX qa_answers_origin_message ON qa_answers (guild_id, message_id) WHERE origin = 'message';

ALTER TABLE qa_questions ADD COLUMN source_channel_id TEXT;
ALTER TABLE qa_questions ADD COLUMN source_message_id TEXT CHECK ((source_message_id IS NULL) = (source_channel_id IS NULL));
CREATE UNIQUE INDEX qa_questions_source ON qa_questions (guild_id, source_message_id) WHERE source_message_id IS NOT NULL;

ALTER TABLE qa_drafts ADD COLUMN source_channel_id TEXT;
ALTER TABLE qa_drafts ADD COLUMN source_message_id TEXT;
ALTER TABLE qa_drafts ADD COLUMN source_author_id TEXT;

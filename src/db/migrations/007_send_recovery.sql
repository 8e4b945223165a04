-- Exactly once after Discord's nonce window: a Q&A post records when its first send began, so a
-- later attempt knows an earlier one may have reached Discord and looks for that message first
-- (tips, announcements and digests already keep the time of their claim).
ALTER TABLE qa_questions ADD COLUMN send_started_at TEXT;
ALTER TABLE qa_answers ADD COLUMN send_started_at TEXT;

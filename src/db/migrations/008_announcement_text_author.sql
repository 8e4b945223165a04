-- The two-person rule compares the approver with whoever wrote the text being approved, which is
-- not always the announcement's author: another moderator may have rewritten it with /announce edit.
ALTER TABLE announcements ADD COLUMN text_author_id TEXT NOT NULL DEFAULT '';

-- Existing rows: the last moderator whose edit changed the title or body (the audit keeps the
-- previous text of each such edit), else the author.
UPDATE announcements SET text_author_id = coalesce(
  (SELECT audit.actor_id FROM announcement_audit AS audit
   WHERE audit.announcement_id = announcements.id AND audit.action = 'edited'
     AND (json_type(audit.details, '$.previousBody') IS NOT NULL OR json_type(audit.details, '$.previousTitle') IS NOT NULL)
   ORDER BY audit.id DESC LIMIT 1),
  author_id);

-- Moderator announcements (issue 7): drafts, schedule, posts, audit.
-- Reserved so the migration numbers stay gap-free while the feature is built.
SELECT 1;

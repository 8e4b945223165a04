-- Community Q&A (issue 6): questions, answers, votes, follows, audit.
-- Reserved so the migration numbers stay gap-free while the feature is built.
SELECT 1;

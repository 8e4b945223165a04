-- Answers are numbered within their question (1, 2, 3 …), as members see and type them; the id
-- stays the stable key for custom_ids, votes, notifications and the export. Existing answers are
-- numbered in the order they were written; deleted ones keep their number, so numbers never shift.
ALTER TABLE qa_answers ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
UPDATE qa_answers
   SET number = (SELECT count(*) FROM qa_answers b
                  WHERE b.question_id = qa_answers.question_id
                    AND (b.created_at < qa_answers.created_at OR (b.created_at = qa_answers.created_at AND b.id <= qa_answers.id)));
-- The next number is taken inside the answer's write transaction (BEGIN IMMEDIATE), so answers
-- written at once are serialised; the key makes any slip fail loudly instead of sharing a number.
CREATE UNIQUE INDEX qa_answers_number ON qa_answers (question_id, number);

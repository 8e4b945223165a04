import { describe, expect, it } from 'vitest';
import { createAnnouncementsStore } from '../../src/announcements/announcements-store.js';
import { MissingRowError } from '../../src/core/errors.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { createTestDatabase } from '../support/database.js';

describe('stores: getters that must find a row', () => {
  it('GIVEN an id that is not there THEN require… throws a MissingRowError naming it, where get… returns undefined', async () => {
    const db = createTestDatabase();
    const questions = createQuestionStore(db);
    expect(questions.byId('100000000000000001', 7)).toBeUndefined();
    expect(() => questions.requireById('100000000000000001', 7)).toThrow(MissingRowError);
    expect(() => questions.requireById('100000000000000001', 7)).toThrow('Q&A question 100000000000000001/7 is not in the database');
    expect(() => createAnswerStore(db).requireById('100000000000000001', 3)).toThrow(MissingRowError);
    const announcements = createAnnouncementsStore(sqliteDatabase(db));
    expect(await announcements.get(42)).toBeUndefined();
    await expect(announcements.require(42)).rejects.toThrow(new MissingRowError('announcement', '42'));
  });
});

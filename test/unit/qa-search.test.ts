import { describe, expect, it } from 'vitest';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { indexedText, searchQuestions, searchTerms } from '../../src/qa/search.js';
import { TermFrequencies } from '../../src/qa/term-frequencies.js';
import { createTestDatabase } from '../support/database.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, QA_CHANNEL, qaHarness, READER } from '../support/qa.js';

const numbers = (cards: readonly { question: { number: number | null } }[]) => cards.map((card) => card.question.number);

describe('/questions search', () => {
  it('GIVEN questions and answers THEN a question with the words ranks before one whose answer has them, and word forms match', async () => {
    const h = qaHarness();
    await ask(h.qa, 'How should we budget for cloud spending next year?');
    await ask(h.qa, 'What is a sensible on-call rotation for a small team?');
    await h.qa.answering.answer(GUILD, 2, member(HELPER), 'Keep the pager budget small: one week each.');
    await ask(h.qa, 'Is hiring a platform team worth it at 30 engineers?');
    expect(numbers(h.qa.finding.search(GUILD, 'budgeting', member(READER)))).toEqual([1, 2]);
    expect(numbers(h.qa.finding.search(GUILD, 'hire platform engineer', member(READER)))).toEqual([3]);
    expect(numbers(h.qa.finding.search(GUILD, 'pager', member(READER)))).toEqual([2]);
    expect(h.qa.finding.search(GUILD, 'how do I', member(READER))).toEqual([]);
  });

  it('GIVEN several words THEN questions sharing more of them rank first', async () => {
    const h = qaHarness();
    await ask(h.qa, 'How do I measure developer productivity without gaming?');
    await ask(h.qa, 'Which delivery metrics should I show the board?');
    await ask(h.qa, 'Board asks for developer productivity metrics: which ones?');
    expect(numbers(h.qa.finding.search(GUILD, 'developer productivity metrics for the board', member(READER)))[0]).toBe(3);
  });

  it('GIVEN many matching questions in another server THEN this server\'s one is still found (the crowded window runs again inside the server)', async () => {
    const h = qaHarness();
    await ask(h.qa, 'Our incident postmortems are blameful: how to change that?');
    for (let index = 0; index < 40; index += 1) {
      await ask(h.qa, `Incident postmortem number ${index} in the other server?`, { guildId: OTHER_GUILD, userId: `32000000000000${String(index).padStart(4, '0')}` });
    }
    expect(numbers(h.qa.finding.search(GUILD, 'incident postmortem', member(READER)))).toEqual([1]);
    expect(h.qa.finding.search(OTHER_GUILD, 'blameful', member(READER))).toEqual([]);
  });

  it('GIVEN pending, removed and merged questions THEN search shows pending ones to their asker only, and never removed or merged ones', async () => {
    const h = qaHarness();
    h.poster.failChannel(QA_CHANNEL, 'transient', 1);
    await ask(h.qa, 'How do I run a fair engineering promotion process?');
    await ask(h.qa, 'How do I explain engineering promotions to finance?', { userId: READER });
    await ask(h.qa, 'Engineering promotion calibration across teams?', { userId: READER });
    expect(numbers(h.qa.finding.search(GUILD, 'promotion', member(ASKER))).sort()).toEqual([1, 2, 3]);
    expect(numbers(h.qa.finding.search(GUILD, 'promotion', member(HELPER))).sort()).toEqual([2, 3]);
    await h.qa.moderation.remove(GUILD, 2, moderator);
    await h.qa.moderation.merge(GUILD, 3, 1, moderator);
    expect(numbers(h.qa.finding.search(GUILD, 'promotion', member(ASKER)))).toEqual([1]);
  });

  it('GIVEN autocomplete THEN it matches a number as typed, an unfinished word, or lists the newest, and only answerable ones for answering', async () => {
    const h = qaHarness();
    await ask(h.qa, 'How do I onboard a new engineering manager?');
    for (let index = 2; index <= 12; index += 1) await ask(h.qa, `Filler question ${index} about quarterly planning?`, { userId: `32000000000000${String(index).padStart(4, '0')}` });
    await h.qa.moderation.close(GUILD, 12, moderator);
    expect(h.qa.finding.autocomplete(GUILD, '1', member(READER)).map((choice) => choice.value)).toEqual([1, 10, 11, 12]);
    expect(h.qa.finding.autocomplete(GUILD, '#1', member(READER), { answerable: true }).map((choice) => choice.value)).toEqual([1, 10, 11]);
    expect(h.qa.finding.autocomplete(GUILD, 'onboa', member(READER)).map((choice) => choice.name)).toEqual(['#1 · How do I onboard a new engineering manager?']);
    expect(h.qa.finding.autocomplete(GUILD, '', member(READER))[0]?.value).toBe(12);
    expect(h.qa.finding.autocomplete(GUILD, '', member(READER)).every((choice) => choice.name.length <= 100)).toBe(true);
  });
});

describe('searchQuestions over the store', () => {
  it('GIVEN word frequencies THEN the all-words tier ANDs the rarest words, so a common word cannot drown the query', () => {
    const db = createTestDatabase();
    const store = createQuestionStore(db);
    const add = (text: string, at: string) => {
      const id = store.insert({ guildId: GUILD, askerId: ASKER, anonymous: false, text, searchTerms: searchTerms(text), publication: 'pending', channelId: QA_CHANNEL, channelKind: 'text', kbQuestionId: null, kbEntryId: null, at, retryAt: at });
      store.index(id, GUILD, indexedText(text), '');
      db.prepare("UPDATE qa_questions SET publication = 'posted' WHERE id = ?").run(id);
      return id;
    };
    const target = add('Engineers keep skipping retrospectives', '2026-01-01T00:00:00Z');
    for (let index = 0; index < 50; index += 1) add(`Engineers engineers and more engineers ${index}`, `2026-01-02T00:${String(index).padStart(2, '0')}:00Z`);
    const frequencies = new TermFrequencies(() => store.allTerms());
    expect(frequencies.of('engineers')).toBe(51);
    expect(frequencies.of('retrospectives')).toBe(1);
    const hits = searchQuestions(store, GUILD, 'engineers retrospectives', { limit: 5, frequencies });
    expect(hits[0]?.questionId).toBe(target);
  });
});

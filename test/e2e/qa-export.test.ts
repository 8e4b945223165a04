import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { answerText, settled } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** Never due: the seeded rows are for the export, not for the background job to post. */
const NOT_DUE = '9999-12-31T00:00:00.000Z';

/**
 * Seeds questions, each with answers of `answerText(i)`, straight through the stores into the bot's
 * database (thousands of them through Discord would take minutes).
 */
function seed(t: TestBot, count: number, answersEach: number, answerOf: (index: number) => string): void {
  const db = openDatabase(t.config.databasePath);
  try {
    const questions = createQuestionStore(db);
    const answers = createAnswerStore(db);
    const guildId = t.world.guild.id;
    const at = '2026-03-02T10:00:00.000Z';
    db.transaction(() => {
      for (let index = 0; index < count; index += 1) {
        const questionId = questions.insert({
          guildId,
          askerId: t.world.people.member,
          anonymous: false,
          text: `Seeded question ${index}: how do we keep a large Q&A exportable?`,
          searchTerms: '',
          publication: 'pending',
          channelId: t.world.channelIds.get('questions') ?? '',
          channelKind: 'text',
          kbQuestionId: null,
          kbEntryId: null,
          at,
          retryAt: NOT_DUE,
        });
        for (let answer = 0; answer < answersEach; answer += 1) {
          answers.insert({ guildId, questionId, authorId: t.world.people.moderator, text: answerOf(index * answersEach + answer), at, retryAt: NOT_DUE });
        }
      }
    })();
  } finally {
    db.close();
  }
}

describe('/qa export of a server whose Q&A outgrows a Discord file', () => {
  let t: TestBot;
  /** Building and compressing ~30 MB takes seconds on a busy machine: the deferred reply may come late. */
  const moderator = () => ({ ...at(t.world, 'general', 'moderator'), settleTimeoutMs: 60_000 });

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN an export over 10 MB that compresses below it THEN the moderator gets it gzipped, complete, and told how to open it', async () => {
    // ~12 MB of CSV: answers of 2,000 characters of ordinary, repetitive text.
    seed(t, 3_000, 2, (index) => `Answer ${index}: ${'Hire for judgement, then give people room to use it. '.repeat(37)}`);
    const exported = await settled(t, await t.discord.invoke('/qa export', { format: 'csv' }, moderator()), (words) => words.includes('CSV'), 60_000);
    const file = exported.reply?.attachments[0];
    expect(file?.filename).toMatch(/\.csv\.gz$/);
    expect(file?.size).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(answerText(exported)).toContain('gzip-compressed');
    const csv = gunzipSync((await t.discord.attachment(file?.id ?? '')).data).toString('utf8');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(10 * 1024 * 1024);
    expect(csv.split('\r\n').filter((line) => line.startsWith('answer,'))).toHaveLength(6_000);
    expect(csv).toContain('Seeded question 2999:');
  });

  it('GIVEN an export over 10 MB even compressed THEN the moderator is told plainly how to get it with npm run export, and nothing is attached', async () => {
    // Random text barely compresses: ~16 MB more of it keeps the gzip above Discord's limit.
    seed(t, 4_000, 2, () => randomBytes(1_500).toString('base64'));
    const exported = await settled(t, await t.discord.invoke('/qa export', { format: 'json' }, moderator()), (words) => words.includes('npm run export'), 60_000);
    expect(exported.ephemeral).toBe(true);
    expect(exported.reply?.attachments).toEqual([]);
    const words = answerText(exported);
    expect(words).toContain('more than Discord accepts in one file (10 MB)');
    expect(words).toContain(`npm run export -- --guild ${t.world.guild.id} --format json --out qa.json`);
    expect(words).not.toMatch(/Something went wrong|ref /);
  });
});

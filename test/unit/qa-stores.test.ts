import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/db/sql/dialect.js';
import { createAuditStore } from '../../src/qa/audit-store.js';
import { createDigestStore } from '../../src/qa/digest-store.js';
import { createForumStore } from '../../src/qa/forum-store.js';
import { createNudgeStore } from '../../src/qa/nudge-store.js';
import { createReportStore } from '../../src/qa/report-store.js';
import { createSettingsStore } from '../../src/qa/settings-store.js';
import { statementRunner, transactionRunner } from '../../src/qa/transaction.js';
import { DEFAULT_LIMITS, type QaSettings } from '../../src/qa/types.js';
import { usePostgres } from '../support/postgres.js';
import { sqlDialects } from '../support/dialects.js';
import { ASKER, GUILD, HELPER, MODERATOR, OTHER_GUILD, QA_CHANNEL } from '../support/qa.js';

const postgres = usePostgres();
const AT = '2026-03-02T10:00:00.000Z';

function stores(database: SqlDatabase) {
  return {
    run: statementRunner(database),
    transaction: transactionRunner(database),
    settings: createSettingsStore(database),
    audit: createAuditStore(database),
    digests: createDigestStore(database),
    nudges: createNudgeStore(database),
    forums: createForumStore(database),
    reports: createReportStore(database),
  };
}

/** A question with two answers, inserted as rows (the question and answer stores are tested through the service). */
async function questionWithAnswers(database: SqlDatabase, number = 7): Promise<{ questionId: number; answerIds: number[] }> {
  const { id: questionId } = await database.kysely
    .insertInto('qa_questions')
    .values({ guild_id: GUILD, number, asker_id: ASKER, text: 'How do I run on-call?', publication: 'posted', channel_id: QA_CHANNEL, channel_kind: 'text', created_at: AT, updated_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  const answerIds: number[] = [];
  for (const number of [1, 2]) {
    const { id } = await database.kysely
      .insertInto('qa_answers')
      .values({ guild_id: GUILD, question_id: questionId, number, author_id: HELPER, text: `Answer ${number}`, created_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow();
    answerIds.push(id);
  }
  return { questionId, answerIds };
}

// The same tests on both databases the stores speak (docs/postgres.md).
describe.each(sqlDialects(postgres))('Q&A stores on %s', (_dialect, open) => {
  describe('settings', () => {
    it('GIVEN a server that never ran /qa setup THEN the defaults; once saved THEN what was saved, and saving again replaces it', async () => {
      const { run, settings } = stores(await open());
      const defaults = await run(() => settings.get(GUILD));
      expect(defaults).toMatchObject({ guildId: GUILD, channelId: null, reviewAnonymous: false, questionLimit: DEFAULT_LIMITS.questions, nudgeAfterDays: 3 });
      const saved: QaSettings = { ...defaults, channelId: QA_CHANNEL, channelKind: 'forum', reviewAnonymous: true, questionLimit: 2, forumTagId: '1', forumTagName: 'Open', nudgeAfterDays: null };
      await run(() => settings.save(saved, MODERATOR, AT));
      expect(await run(() => settings.get(GUILD))).toEqual(saved);
      await run(() => settings.save({ ...saved, reviewAnonymous: false, channelKind: 'text', forumTagId: null, forumTagName: null }, MODERATOR, AT));
      expect(await run(() => settings.get(GUILD))).toMatchObject({ reviewAnonymous: false, channelKind: 'text', questionLimit: 2 });
      expect(await run(() => settings.get(OTHER_GUILD))).toMatchObject({ guildId: OTHER_GUILD, channelId: null });
    });

    it('GIVEN digests of two servers THEN the due ones come oldest first, the next is the earliest, an advance from a stale week does nothing and a pause happens once', async () => {
      const { run, settings } = stores(await open());
      const base = await run(() => settings.get(GUILD));
      await run(() => settings.save({ ...base, digestChannelId: QA_CHANNEL, digestNextAt: '2026-03-09T09:00:00.000Z', digestWeek: '2026-03-09' }, MODERATOR, AT));
      await run(() => settings.save({ ...base, guildId: OTHER_GUILD, digestChannelId: QA_CHANNEL, digestNextAt: '2026-03-09T08:00:00.000Z', digestWeek: '2026-03-09' }, MODERATOR, AT));
      expect(await run(() => settings.nextDigestAt())).toBe('2026-03-09T08:00:00.000Z');
      expect((await run(() => settings.dueDigests('2026-03-09T08:30:00.000Z'))).map((server) => server.guildId)).toEqual([OTHER_GUILD]);
      expect((await run(() => settings.dueDigests('2026-03-09T09:00:00.000Z'))).map((server) => server.guildId)).toEqual([OTHER_GUILD, GUILD]);
      await run(() => settings.advanceDigest(GUILD, '2026-03-09', { at: '2026-03-16T09:00:00.000Z', week: '2026-03-16' }));
      await run(() => settings.advanceDigest(GUILD, '2026-03-09', { at: '2026-03-23T09:00:00.000Z', week: '2026-03-23' }));
      expect(await run(() => settings.get(GUILD))).toMatchObject({ digestNextAt: '2026-03-16T09:00:00.000Z', digestWeek: '2026-03-16' });
      expect(await run(() => settings.pauseDigest(GUILD, 'channel gone'))).toBe(true);
      expect(await run(() => settings.pauseDigest(GUILD, 'channel gone'))).toBe(false);
      expect(await run(() => settings.get(GUILD))).toMatchObject({ digestNextAt: null, digestWeek: null, digestPausedReason: 'channel gone' });
    });

    it('GIVEN a name to remember THEN only a saved server takes it', async () => {
      const { run, settings } = stores(await open());
      await run(() => settings.rememberName(GUILD, 'Ignored'));
      expect((await run(() => settings.get(GUILD))).guildName).toBeNull();
      const unnamed = await run(() => settings.get(GUILD));
      await run(() => settings.save(unnamed, MODERATOR, AT));
      await run(() => settings.rememberName(GUILD, 'Platform Guild'));
      expect((await run(() => settings.get(GUILD))).guildName).toBe('Platform Guild');
    });
  });

  describe('audit', () => {
    it('GIVEN entries THEN each reads back with its question and answer numbers, the previous accepted answer by number, newest first, and an undo is found by the entry it names', async () => {
      const database = await open();
      const { run, transaction, audit } = stores(database);
      const { questionId, answerIds } = await questionWithAnswers(database);
      const [first = 0, second = 0] = answerIds;
      const accept = await transaction(() => audit.record({ guildId: GUILD, actorId: MODERATOR, action: 'accept', questionId, answerId: second, details: { previous: first }, at: AT }));
      const close = await transaction(() => audit.record({ guildId: GUILD, actorId: MODERATOR, action: 'close', questionId, at: AT }));
      await transaction(() => audit.record({ guildId: OTHER_GUILD, actorId: MODERATOR, action: 'setup', at: AT }));
      expect(await run(() => audit.byId(GUILD, accept))).toEqual({
        id: accept,
        actorId: MODERATOR,
        action: 'accept',
        questionId,
        questionNumber: 7,
        answerId: second,
        answerNumber: 2,
        previousAnswerNumber: 1,
        details: { previous: first },
        createdAt: AT,
      });
      expect(await run(() => audit.byId(OTHER_GUILD, accept))).toBeUndefined();
      expect((await run(() => audit.recent(GUILD, 5))).map((entry) => entry.action)).toEqual(['close', 'accept']);
      expect((await run(() => audit.forQuestion(GUILD, questionId, 1))).map((entry) => entry.id)).toEqual([close]);
      expect(await run(() => audit.undone(GUILD, close))).toBe(false);
      await transaction(() => audit.record({ guildId: GUILD, actorId: MODERATOR, action: 'undo', questionId, details: { entry: close, undid: 'close' }, at: AT }));
      expect(await run(() => audit.undone(GUILD, close))).toBe(true);
      expect(await run(() => audit.undone(GUILD, accept))).toBe(false);
    });
  });

  describe('digest claims', () => {
    const WEEK = '2026-03-09';
    const digestDue = async (database: SqlDatabase) => {
      const { run, settings } = stores(database);
      await run(function* () {
        yield* settings.save({ ...(yield* settings.get(GUILD)), digestChannelId: QA_CHANNEL, digestNextAt: '2026-03-09T09:00:00.000Z', digestWeek: WEEK }, MODERATOR, AT);
      });
    };

    it('GIVEN a due week THEN a claim is written before sending, resumed with the same nonce, and once posted returned as it is', async () => {
      const database = await open();
      const { run, transaction, digests } = stores(database);
      await digestDue(database);
      expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce-1', AT))).toMatchObject({ state: 'claimed', nonce: 'nonce-1', attempts: 1 });
      expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce-2', AT))).toMatchObject({ state: 'claimed', nonce: 'nonce-1', attempts: 2 });
      await transaction(() => digests.complete(GUILD, WEEK, QA_CHANNEL, '900', AT));
      expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce-3', AT))).toMatchObject({ state: 'posted', messageId: '900', attempts: 2 });
      expect(await run(() => digests.isRecordedPost(GUILD, '900'))).toBe(true);
      expect(await run(() => digests.isRecordedPost(OTHER_GUILD, '900'))).toBe(false);
    });

    it('GIVEN a week the digest moved on from THEN nothing is claimed; a closed week stays closed', async () => {
      const database = await open();
      const { transaction, digests } = stores(database);
      await digestDue(database);
      expect(await transaction(() => digests.claim(GUILD, '2026-03-02', 'nonce', AT))).toBeNull();
      await transaction(() => digests.claim(GUILD, WEEK, 'nonce', AT));
      await transaction(() => digests.close(GUILD, WEEK, 'skipped'));
      expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce', AT))).toMatchObject({ state: 'skipped' });
    });
  });

  describe('nudges', () => {
    const LATER = '2026-03-05T10:00:00.000Z';
    const asked = (questionId: number) => ({ id: questionId, guildId: GUILD, askerId: ASKER });

    it('GIVEN a question answered by someone else 3 days ago THEN it is due, not before, and not in another shard; a server\'s own days and an unfinished claim count too', async () => {
      const database = await open();
      const { run, transaction, settings, nudges } = stores(database);
      const { questionId } = await questionWithAnswers(database);
      const due = (now: string, owned = (_guildId: string) => true) => run(() => nudges.due(now, 3, 25, owned));
      expect(await due('2026-03-05T09:59:59.999Z')).toEqual([]);
      expect(await due(LATER)).toEqual([{ questionId, guildId: GUILD }]);
      expect(await due(LATER, (guildId) => guildId !== GUILD)).toEqual([]);
      const defaults = await run(() => settings.get(GUILD));
      await run(() => settings.save({ ...defaults, nudgeAfterDays: 7 }, MODERATOR, AT));
      expect(await due(LATER)).toEqual([]);
      await run(() => settings.save({ ...defaults, nudgeAfterDays: null }, MODERATOR, AT));
      expect(await due('2026-06-01T00:00:00.000Z')).toEqual([]);
      await transaction(() => nudges.claim(asked(questionId), 'nonce', LATER));
      expect(await due(LATER)).toEqual([{ questionId, guildId: GUILD }]);
    });

    it('GIVEN a claim THEN it is resumed with its nonce, once sent returned as it is, and a closed nudge is never due again', async () => {
      const database = await open();
      const { run, transaction, nudges } = stores(database);
      const { questionId } = await questionWithAnswers(database);
      expect(await transaction(() => nudges.claim(asked(questionId), 'nonce-1', LATER))).toMatchObject({ state: 'claimed', nonce: 'nonce-1', attempts: 1 });
      expect(await transaction(() => nudges.claim(asked(questionId), 'nonce-2', LATER))).toMatchObject({ state: 'claimed', nonce: 'nonce-1', attempts: 2 });
      await transaction(() => nudges.complete(questionId, '500', '501', LATER));
      expect(await transaction(() => nudges.claim(asked(questionId), 'nonce-3', LATER))).toMatchObject({ state: 'sent', messageId: '501' });
      await transaction(() => nudges.close(asked(questionId), 'undeliverable', '', LATER));
      expect(await run(() => nudges.get(questionId))).toMatchObject({ state: 'sent' });
      const other = await questionWithAnswers(database, 8);
      await transaction(() => nudges.close(asked(other.questionId), 'skipped', 'nonce', LATER));
      expect(await run(() => nudges.get(other.questionId))).toMatchObject({ state: 'skipped' });
      expect(await run(() => nudges.due(LATER, 3, 25, () => true))).toEqual([]);
    });
  });

  describe('forum posts', () => {
    const THREAD = '220000000000000001';
    const everyShard = () => true;

    it('GIVEN a refused tag switch THEN the post is due at its retry time in its own shard only, and settles once applied; a new setup re-arms it', async () => {
      const database = await open();
      const { run, transaction, forums } = stores(database);
      const { questionId } = await questionWithAnswers(database);
      await transaction(() => forums.insertPost(questionId, GUILD, THREAD, 'unanswered'));
      await transaction(() => forums.insertPost(questionId, GUILD, '999', null));
      expect(await run(() => forums.post(questionId))).toMatchObject({ threadId: THREAD, applied: 'unanswered', attempts: 0, nextAttemptAt: null });
      await transaction(() => forums.failed(questionId, 'forbidden: no access', '2026-03-02T11:00:00.000Z'));
      expect(await run(() => forums.due('2026-03-02T10:59:00.000Z', 25, everyShard))).toEqual([]);
      expect((await run(() => forums.due('2026-03-02T11:00:00.000Z', 25, everyShard))).map((post) => post.questionId)).toEqual([questionId]);
      expect(await run(() => forums.due('2026-03-02T11:00:00.000Z', 25, (guildId) => guildId !== GUILD))).toEqual([]);
      expect(await run(() => forums.rearm(GUILD, '2026-03-02T10:30:00.000Z'))).toBe(1);
      expect((await run(() => forums.post(questionId)))?.nextAttemptAt).toBe('2026-03-02T10:30:00.000Z');
      await transaction(() => forums.applied(questionId, 'answered'));
      expect(await run(() => forums.post(questionId))).toMatchObject({ applied: 'answered', attempts: 0, nextAttemptAt: null, lastError: null });
      expect(await run(() => forums.rearm(GUILD, AT))).toBe(0);
    });

    it('GIVEN a solved post and an archive period THEN it is quiet only after the period since its last activity, and archived once for that quiet', async () => {
      const database = await open();
      const { run, transaction, forums } = stores(database);
      const { questionId, answerIds } = await questionWithAnswers(database);
      await database.kysely.updateTable('qa_questions').set({ accepted_answer_id: answerIds[0] ?? 0, accepted_at: '2026-03-02T12:00:00.000Z', status: 'answered' }).where('id', '=', questionId).execute();
      await transaction(() => forums.saveSettings({ guildId: GUILD, forumId: QA_CHANNEL, answeredTagId: null, answeredTagName: null, archiveAfterMinutes: 60 }, MODERATOR, AT));
      expect(await run(() => forums.settings(GUILD))).toEqual({ guildId: GUILD, forumId: QA_CHANNEL, answeredTagId: null, answeredTagName: null, archiveAfterMinutes: 60 });
      await transaction(() => forums.insertPost(questionId, GUILD, THREAD, 'answered'));
      const quiet = (now: string) => run(() => forums.quiet(now, 25, everyShard));
      expect(await quiet('2026-03-02T12:59:59.999Z')).toEqual([]);
      expect(await quiet('2026-03-02T13:00:00.000Z')).toEqual([{ questionId, guildId: GUILD, threadId: THREAD, lastActivity: '2026-03-02T12:00:00.000Z' }]);
      expect(await run(() => forums.activity(GUILD, THREAD, '2026-03-02T12:30:00.000Z'))).toBe(true);
      expect(await run(() => forums.activity(GUILD, THREAD, '2026-03-02T12:10:00.000Z'))).toBe(false);
      expect(await quiet('2026-03-02T13:00:00.000Z')).toEqual([]);
      expect(await quiet('2026-03-02T13:30:00.000Z')).toMatchObject([{ lastActivity: '2026-03-02T12:30:00.000Z' }]);
      expect(await run(() => forums.archived(questionId, '2026-03-02T13:30:00.000Z', '2026-03-02T12:30:00.000Z'))).toBe(true);
      expect(await run(() => forums.archived(questionId, '2026-03-02T13:31:00.000Z', '2026-03-02T12:30:00.000Z'))).toBe(false);
      expect(await quiet('2026-03-03T00:00:00.000Z')).toEqual([]);
      await run(() => forums.activity(GUILD, THREAD, '2026-03-03T00:00:00.000Z'));
      await run(() => forums.archiveRefused(questionId, '2026-03-03T02:00:00.000Z'));
      expect(await quiet('2026-03-03T01:30:00.000Z')).toEqual([]);
      expect(await quiet('2026-03-03T02:00:00.000Z')).toMatchObject([{ lastActivity: '2026-03-03T00:00:00.000Z' }]);
    });
  });

  describe('reports', () => {
    it('GIVEN an accepted, upvoted answer and an anonymous question THEN the leaderboard, profile counts, stats lines and export read alike on both', async () => {
      const database = await open();
      const { run, reports } = stores(database);
      const { questionId, answerIds } = await questionWithAnswers(database);
      const [accepted = 0, other = 0] = answerIds;
      await database.kysely.updateTable('qa_questions').set({ accepted_answer_id: accepted, accepted_at: AT, status: 'answered', kb_entry_id: 'on-call' }).where('id', '=', questionId).execute();
      await database.kysely.insertInto('qa_votes').values({ guild_id: GUILD, target: 'answer', target_id: other, user_id: MODERATOR, created_at: AT }).execute();
      await database.kysely.insertInto('qa_votes').values({ guild_id: GUILD, target: 'question', target_id: questionId, user_id: MODERATOR, created_at: AT }).execute();
      const { id: anonymous } = await database.kysely
        .insertInto('qa_questions')
        .values({ guild_id: GUILD, number: 8, asker_id: ASKER, anonymous: 1, text: 'Pay bands?', publication: 'posted', channel_id: QA_CHANNEL, channel_kind: 'text', created_at: AT, updated_at: AT })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await run(() => reports.helpers(GUILD, '', 10))).toEqual([{ userId: HELPER, reputation: 17, accepted: 1, upvotes: 1, answers: 2 }]);
      expect(await run(() => reports.helper(GUILD, HELPER, ''))).toEqual({ userId: HELPER, reputation: 17, accepted: 1, upvotes: 1, answers: 2 });
      expect(await run(() => reports.helper(GUILD, ASKER, ''))).toEqual({ userId: ASKER, reputation: 0, accepted: 0, upvotes: 0, answers: 0 });
      expect(await run(() => reports.askedBy(GUILD, ASKER))).toEqual({ total: 2, anonymous: 1 });
      expect((await run(() => reports.recentAskedBy(GUILD, ASKER, false, 5))).map((line) => line.number)).toEqual([7]);
      expect((await run(() => reports.recentAskedBy(GUILD, ASKER, true, 5))).map((line) => line.number)).toEqual([8, 7]);
      expect((await run(() => reports.recentAnswersBy(GUILD, HELPER, 5))).map((line) => [line.questionNumber, line.votes])).toEqual([[7, 1], [7, 0]]);
      expect(await run(() => reports.timings(GUILD, ''))).toEqual(expect.arrayContaining([{ createdAt: AT, acceptedAt: AT, firstAnswerAt: AT }]));
      expect(await run(() => reports.topics(GUILD, '', 5))).toEqual([{ entryId: 'on-call', count: 1 }]);
      expect((await run(() => reports.unansweredOldest(GUILD, '', 5))).map((line) => line.id)).toEqual([anonymous]);
      expect(await run(() => reports.countUnanswered(GUILD, ''))).toBe(1);
      expect((await run(() => reports.bestAnswers(GUILD, '', 3))).map((line) => line.id)).toEqual([other]);
      expect(await run(() => reports.exportQuestions(GUILD))).toEqual([
        expect.objectContaining({ number: 7, askerId: ASKER, anonymous: 0, votes: 1, acceptedAnswerId: accepted, mergedIntoNumber: null }),
        expect.objectContaining({ number: 8, askerId: null, anonymous: 1, votes: 0 }),
      ]);
      expect((await run(() => reports.exportAnswers(GUILD))).map((answer) => [answer.number, answer.votes])).toEqual([[1, 0], [2, 1]]);
      expect(await run(() => reports.exportQuestions(OTHER_GUILD))).toEqual([]);
    });
  });
});

/** What only PostgreSQL has to show: hosts on separate connections claiming the same due work. */
describe('Q&A claims on PostgreSQL, between hosts', () => {
  const WEEK = '2026-03-09';

  it('GIVEN another host holds the server\'s settings row THEN this host skips the digest at once, and claims it once released', async () => {
    const database = await postgres.freshDatabase();
    const { run, transaction, settings, digests } = stores(database);
    await run(function* () {
      yield* settings.save({ ...(yield* settings.get(GUILD)), digestChannelId: QA_CHANNEL, digestNextAt: '2026-03-09T09:00:00.000Z', digestWeek: WEEK }, MODERATOR, AT);
    });
    await database.kysely.connection().execute(async (other) => {
      await sql`BEGIN`.execute(other);
      await sql`SELECT guild_id FROM qa_settings WHERE guild_id = ${GUILD} FOR UPDATE`.execute(other);
      expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce', AT))).toBeNull();
      await sql`ROLLBACK`.execute(other);
    });
    expect(await transaction(() => digests.claim(GUILD, WEEK, 'nonce', AT))).toMatchObject({ state: 'claimed', attempts: 1 });
  });

  it('GIVEN two hosts claiming the same nudge at the same moment THEN one claim row with one nonce: the other host skips it or resumes it', async () => {
    const database = await postgres.freshDatabase();
    const { questionId } = await questionWithAnswers(database);
    const [one, other] = [stores(database), stores(database)];
    const asker = { id: questionId, guildId: GUILD, askerId: ASKER };
    for (let round = 0; round < 5; round += 1) {
      await sql`DELETE FROM qa_nudges`.execute(database.kysely);
      const claims = (
        await Promise.all([one.transaction(() => one.nudges.claim(asker, 'nonce-one', AT)), other.transaction(() => other.nudges.claim(asker, 'nonce-other', AT))])
      ).filter((claim) => claim !== null);
      expect(claims.length).toBeGreaterThanOrEqual(1);
      expect(new Set(claims.map((claim) => claim.nonce)).size).toBe(1);
      const rows = await database.kysely.selectFrom('qa_nudges').select(['state', 'attempts']).execute();
      expect(rows).toEqual([{ state: 'claimed', attempts: claims.length }]);
    }
  });

  it('GIVEN two hosts claiming the same week at the same moment THEN one claim row with one nonce: the other host skips it or resumes it', async () => {
    const database = await postgres.freshDatabase();
    const { run, settings } = stores(database);
    await run(function* () {
      yield* settings.save({ ...(yield* settings.get(GUILD)), digestChannelId: QA_CHANNEL, digestNextAt: '2026-03-09T09:00:00.000Z', digestWeek: WEEK }, MODERATOR, AT);
    });
    const [one, other] = [stores(database), stores(database)];
    for (let round = 0; round < 5; round += 1) {
      await sql`DELETE FROM qa_digest_posts`.execute(database.kysely);
      const claims = (
        await Promise.all([one.transaction(() => one.digests.claim(GUILD, WEEK, 'nonce-one', AT)), other.transaction(() => other.digests.claim(GUILD, WEEK, 'nonce-other', AT))])
      ).filter((claim) => claim !== null);
      expect(claims.length).toBeGreaterThanOrEqual(1);
      expect(new Set(claims.map((claim) => claim.nonce)).size).toBe(1);
      const rows = await database.kysely.selectFrom('qa_digest_posts').select(['state', 'attempts']).execute();
      expect(rows).toEqual([{ state: 'claimed', attempts: claims.length }]);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { statsEmbed } from '../../src/qa/render/reports.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/core/clock.js';
import { exportCsv, exportJson } from '../../src/qa/export-format.js';
import { DISCORD_FILE_LIMIT_BYTES, fitExportUpload, readableSize } from '../../src/qa/export-upload.js';
import { nextDigestSlot } from '../../src/qa/digest-schedule.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, qaHarness, READER } from '../support/qa.js';

const DIGEST_CHANNEL = '210000000000000005';

describe('stats', () => {
  it('GIVEN questions answered after 1 h and 3 h and one accepted THEN shares and medians follow, by the injected clock', async () => {
    const h = qaHarness('2026-03-02T08:00:00Z');
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await ask(h.qa, 'How do I prepare my first board meeting as a new CTO?', { userId: READER });
    await ask(h.qa, 'Which engineering metrics are worth reporting every month?', { userId: READER });
    h.clock.advance(HOUR_MS);
    const first = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Weekly, paid, with a secondary.');
    h.clock.advance(2 * HOUR_MS);
    await h.qa.answering.answer(GUILD, 2, member(HELPER), 'Tell a story, not a status report.');
    h.clock.advance(HOUR_MS);
    await h.qa.answering.accept(GUILD, first.answer.id, member(ASKER));
    const stats = await h.qa.reporting.stats(GUILD, 'week', moderator);
    expect(stats).toMatchObject({ asked: 3, medianFirstAnswerMs: 2 * HOUR_MS, medianAcceptanceMs: 4 * HOUR_MS });
    expect(stats.answeredShare).toBeCloseTo(2 / 3);
    expect(stats.acceptedShare).toBeCloseTo(1 / 3);
    expect(stats.unansweredOldest.map((line) => line.number)).toEqual([3]);
    expect(stats.topics.map((topic) => topic.entryId)).toContain('on-call');
    h.clock.advance(8 * DAY_MS);
    expect((await h.qa.reporting.stats(GUILD, 'week', moderator)).asked).toBe(0);
    expect((await h.qa.reporting.stats(GUILD, 'all', moderator)).asked).toBe(3);
  });

  it('GIVEN more unanswered questions than the stats list THEN it counts them all and the embed points to the list that shows them', async () => {
    const h = qaHarness('2026-03-02T08:00:00Z');
    for (let index = 1; index <= 7; index += 1) await ask(h.qa, `Question number ${index} about engineering hiring plans?`, { userId: index % 2 ? READER : ASKER });
    const stats = await h.qa.reporting.stats(GUILD, 'all', moderator);
    expect(stats.unansweredOldest.map((line) => line.number)).toEqual([1, 2, 3, 4, 5]);
    expect(stats.unansweredCount).toBe(7);
    const field = statsEmbed(stats, { groups: [], page: 1, pages: 1, total: 0 }).fields?.find((candidate) => candidate.name.startsWith('Unanswered'));
    expect(field?.name).toBe('Unanswered (7), oldest first');
    expect(field?.value).toContain('…and 2 more: `/questions list status: unanswered` lists them all.');
  });
});

describe('profile', () => {
  it('GIVEN anonymous questions THEN only the member themself sees them counted', async () => {
    const h = qaHarness();
    await ask(h.qa, 'A public question about remote engineering teams?');
    await ask(h.qa, 'An anonymous question about pay and promotions?', { anonymous: true });
    expect(await h.qa.reporting.profile(GUILD, ASKER, READER)).toMatchObject({ asked: 1, askedAnonymously: null });
    expect((await h.qa.reporting.profile(GUILD, ASKER, READER)).recentQuestions.map((line) => line.number)).toEqual([1]);
    expect(await h.qa.reporting.profile(GUILD, ASKER, ASKER)).toMatchObject({ asked: 2, askedAnonymously: 1 });
  });
});

describe('export', () => {
  it('GIVEN questions, answers and an anonymous asker THEN CSV and JSON hold them all, never the anonymous asker', async () => {
    const h = qaHarness();
    await ask(h.qa, 'How do I say no to the CEO, "politely", without losing trust?');
    await ask(h.qa, '=HYPERLINK("x") is how we track layoffs: is that wise?', { anonymous: true, userId: READER });
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Offer options, with costs.\nSecond line.');
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    await ask(h.qa, 'A question in another server that must not leak?', { guildId: OTHER_GUILD });
    const data = await h.qa.reporting.exportData(GUILD);
    const csv = exportCsv(data);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('type,question,answer_id,author_id,anonymous,status,votes,accepted,created_at,text,answer_number');
    expect(lines[1]).toContain(`question,1,,${ASKER},0,answered,0,`);
    expect(lines[1]).toContain('"How do I say no to the CEO, ""politely"", without losing trust?"');
    expect(csv).toContain(`answer,1,${answered.answer.id},${HELPER},0,,0,1,`);
    expect(csv).toContain('"Offer options, with costs.\nSecond line.",1\r\n');
    expect(csv).toContain(`question,2,,,1,open`);
    expect(csv).toContain(`"'=HYPERLINK(""x"")`);
    expect(csv).not.toContain(READER);
    expect(csv).not.toContain('must not leak');
    const json = JSON.parse(exportJson(data)) as { questions: { number: number; askerId: string | null; anonymous: boolean; answers: { accepted: boolean }[] }[] };
    expect(json.questions.map((question) => [question.number, question.askerId, question.anonymous])).toEqual([
      [1, ASKER, false],
      [2, null, true],
    ]);
    expect(json.questions[0]?.answers).toEqual([expect.objectContaining({ id: answered.answer.id, number: 1, accepted: true })]);
    expect(exportJson(data)).not.toContain(READER);
  });
});

describe('export upload', () => {
  const file = (content: string) => ({ name: 'qa.csv', content });

  it('GIVEN an export within the file limit THEN it is attached as it is', () => {
    expect(fitExportUpload(file('a,b\r\n'), 100)).toMatchObject({ kind: 'file', name: 'qa.csv', size: 5, compressedFrom: null });
  });

  it('GIVEN an export over the limit that compresses below it THEN it is attached gzipped, and gunzips to the export', () => {
    const content = 'question,How do I hire?\r\n'.repeat(200);
    const upload = fitExportUpload(file(content), 1_000);
    expect(upload).toMatchObject({ kind: 'file', name: 'qa.csv.gz', compressedFrom: content.length });
    if (upload.kind !== 'file') throw new Error('expected a file');
    expect(upload.size).toBeLessThanOrEqual(1_000);
    expect(gunzipSync(upload.data).toString('utf8')).toBe(content);
  });

  it('GIVEN an export over the limit even compressed THEN it is too large, with both sizes', () => {
    const content = randomBytes(3_000).toString('base64');
    expect(fitExportUpload(file(content), 1_000)).toMatchObject({ kind: 'too-large', size: content.length });
  });

  it('GIVEN sizes THEN they read as kB and MB', () => {
    expect([readableSize(500), readableSize(820 * 1024), readableSize(DISCORD_FILE_LIMIT_BYTES)]).toEqual(['1 kB', '820 kB', '10.0 MB']);
  });
});

describe('weekly digest', () => {
  it('GIVEN a server\'s tips zone and time THEN the digest is due Mondays at that local time (DST included)', () => {
    expect(nextDigestSlot(new Date('2026-03-04T12:00:00Z'), 'Europe/London', '09:00')).toEqual({ at: '2026-03-09T09:00:00.000Z', week: '2026-03-09' });
    expect(nextDigestSlot(new Date('2026-03-30T07:00:00Z'), 'Europe/London', '09:00')).toEqual({ at: '2026-03-30T08:00:00.000Z', week: '2026-03-30' });
    expect(nextDigestSlot(new Date('2026-03-30T08:00:00Z'), 'Europe/London', '09:00')).toEqual({ at: '2026-04-06T08:00:00.000Z', week: '2026-04-06' });
  });

  it('GIVEN a week with activity THEN one digest is posted with a nonce, exactly once, and the next is due a week later', async () => {
    const h = qaHarness('2026-03-04T12:00:00Z', { tipsScheduleOf: () => Promise.resolve({ zone: 'Europe/Paris', time: '08:30' }) });
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await ask(h.qa, 'How do I prepare my first board meeting as a new CTO?', { userId: READER });
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Weekly, paid, with a secondary.');
    await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(ASKER));
    const settings = await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST_CHANNEL });
    expect(settings.digestNextAt).toBe('2026-03-09T07:30:00.000Z');
    expect((await h.qa.background.nextDueAt())?.toISOString()).toBe('2026-03-09T07:30:00.000Z');
    h.clock.set('2026-03-09T07:29:00Z');
    expect((await h.qa.background.tick()).digest.posted).toBe(0);
    h.clock.set('2026-03-09T07:30:30Z');
    expect((await h.qa.background.tick()).digest.posted).toBe(1);
    expect((await h.qa.background.tick()).digest.due).toBe(0);
    const [digest] = h.poster.inChannel(DIGEST_CHANNEL);
    expect(digest?.message.enforce_nonce).toBe(true);
    expect(digest?.message.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(digest?.message.embeds);
    expect(text).toContain('#2');
    expect(text).toContain('Best-voted answers');
    expect(text).toContain(`<@${HELPER}>`);
    expect((await h.qa.settings.get(GUILD)).digestNextAt).toBe('2026-03-16T07:30:00.000Z');
  });

  it('GIVEN a quiet week THEN nothing is posted and the digest moves on', async () => {
    const h = qaHarness('2026-03-04T12:00:00Z');
    await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST_CHANNEL });
    h.clock.set('2026-03-09T09:00:00Z');
    expect((await h.qa.background.tick()).digest.skipped).toBe(1);
    expect(h.poster.inChannel(DIGEST_CHANNEL)).toHaveLength(0);
    expect((await h.qa.settings.get(GUILD)).digestNextAt).toBe('2026-03-16T09:00:00.000Z');
  });

  it('GIVEN Discord failing for now THEN the claim is resent with the same nonce next tick; a lost channel pauses it and tells who set it up once', async () => {
    const h = qaHarness('2026-03-04T12:00:00Z');
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST_CHANNEL });
    h.poster.failChannel(DIGEST_CHANNEL, 'transient', 1);
    h.clock.set('2026-03-09T09:00:00Z');
    expect((await h.qa.background.tick()).digest.retrying).toBe(1);
    h.clock.advance(MINUTE_MS);
    expect((await h.qa.background.tick()).digest.posted).toBe(1);
    expect(h.poster.inChannel(DIGEST_CHANNEL)).toHaveLength(1);

    h.clock.set('2026-03-12T09:00:00Z');
    await ask(h.qa, 'What should a CTO read first when joining a scale-up?', { userId: READER });
    h.poster.failChannel(DIGEST_CHANNEL, 'forbidden');
    h.clock.set('2026-03-16T09:00:00Z');
    expect((await h.qa.background.tick()).digest.paused).toBe(1);
    expect(await h.qa.settings.get(GUILD)).toMatchObject({ digestNextAt: null, digestPausedReason: expect.stringContaining('can no longer post') });
    expect(h.poster.directMessages.filter((dm) => dm.message.content?.includes('paused the weekly Q&A digest'))).toHaveLength(1);
    h.clock.advance(DAY_MS);
    expect((await h.qa.background.tick()).digest.due).toBe(0);
  });

  it('GIVEN a crash after Discord created the digest but before it was recorded WHEN the bot is back after Discord\'s nonce window THEN that digest is recorded, not posted again', async () => {
    const h = qaHarness('2026-03-04T12:00:00Z');
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST_CHANNEL });
    h.clock.set('2026-03-09T09:00:00Z');
    h.poster.crashAfter(0, { afterSending: true });
    expect((await h.qa.background.tick()).digest.retrying).toBe(1);
    expect(h.poster.inChannel(DIGEST_CHANNEL)).toHaveLength(1);

    h.poster.clearFailures();
    const restarted = h.restart();
    h.clock.advance(10 * MINUTE_MS);
    expect((await restarted.background.tick()).digest.posted).toBe(1);
    expect(h.poster.inChannel(DIGEST_CHANNEL)).toHaveLength(1);
    expect((await restarted.background.tick()).digest.due).toBe(0);
  });

  it('GIVEN the bot was down past the digest time THEN that week is not posted late', async () => {
    const h = qaHarness('2026-03-04T12:00:00Z');
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST_CHANNEL });
    h.clock.set('2026-03-10T09:00:00Z');
    expect((await h.qa.background.tick()).digest.missed).toBe(1);
    expect(h.poster.inChannel(DIGEST_CHANNEL)).toHaveLength(0);
    expect((await h.qa.settings.get(GUILD)).digestNextAt).toBe('2026-03-16T09:00:00.000Z');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { createQaService } from '../../src/qa/service.js';
import {
  ask,
  ASKER,
  FORUM,
  GUILD,
  HELPER,
  member,
  moderator,
  OTHER_GUILD,
  QA_CHANNEL,
  qaHarness,
  QaFakePoster,
  questionRows,
  READER,
} from '../support/qa.js';

const QUESTION = 'How do I hire my first senior engineer for a small startup?';

describe('asking: numbering', () => {
  it('GIVEN questions in two servers THEN each server numbers its own from 1', async () => {
    const { qa } = qaHarness();
    expect((await ask(qa, 'How do we keep a remote team aligned across time zones?')).question.number).toBe(1);
    expect((await ask(qa, 'Which metrics should I report to the board each quarter?')).question.number).toBe(2);
    expect((await ask(qa, 'What should a first 90 days plan for a CTO contain?', { guildId: OTHER_GUILD })).question.number).toBe(1);
    expect((await ask(qa, 'How do I handle a conflict between two senior engineers?')).question.number).toBe(3);
  });

  it('GIVEN 20 members asking at the same moment in two servers THEN numbers are 1..10 in each, no gap, no duplicate', async () => {
    const { qa } = qaHarness();
    const asks = Array.from({ length: 20 }, (_, index) =>
      ask(qa, `Concurrent question number ${index} about engineering leadership?`, { userId: `3200000000000000${String(index).padStart(2, '0')}`, guildId: index % 2 ? GUILD : OTHER_GUILD }),
    );
    const results = await Promise.all(asks);
    for (const guildId of [GUILD, OTHER_GUILD]) {
      const numbers = results.filter((result) => result.question.guildId === guildId).map((result) => result.question.number).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it('GIVEN two processes (two connections to one database file) asking interleaved THEN the numbers never collide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-numbering-'));
    try {
      const path = join(dir, 'bot.db');
      const first = openDatabase(path);
      migrate(first);
      const second = openDatabase(path);
      const clock = qaHarness().clock;
      const service = (db: typeof first) =>
        createQaService({ db, clock, logger: silentLogger, poster: new QaFakePoster(), knowledge: createKnowledgeService({ db, clock, logger: silentLogger }) });
      const [a, b] = [service(first), service(second)];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) => ask(index % 2 ? a : b, `Interleaved question ${index} about hiring and budgets?`, { userId: `33000000000000000${index % 10}${index}` })),
      );
      expect(results.map((result) => result.question.number).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      first.close();
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('asking: posting to Discord', () => {
  it('GIVEN a text channel THEN the question is stored, posted with a nonce, a thread started on it, and its ids recorded', async () => {
    const { qa, poster, db } = qaHarness();
    const result = await ask(qa, QUESTION);
    expect(result.state).toBe('posted');
    const [sent] = poster.inChannel(QA_CHANNEL);
    expect(sent?.message.nonce).toMatch(/^[0-9a-f]{25}$/);
    expect(sent?.message.enforce_nonce).toBe(true);
    expect(sent?.message.allowed_mentions).toEqual({ parse: [] });
    expect(poster.threads).toEqual([{ channelId: QA_CHANNEL, messageId: sent?.id, name: `#1 · ${QUESTION}` }]);
    expect(questionRows(db)).toEqual([expect.objectContaining({ number: 1, publication: 'posted', message_id: sent?.id, thread_id: sent?.id })]);
    expect(JSON.stringify(sent?.message.embeds)).toContain('"name":"Status","value":"Open"');
  });

  it('GIVEN a forum channel THEN the question is a forum post named "#N · question"', async () => {
    const { qa, poster, db } = qaHarness();
    await ask(qa, QUESTION, { channelId: FORUM, kind: 'forum' });
    expect(poster.forumPosts).toEqual([{ forumId: FORUM, name: `#1 · ${QUESTION}`, threadId: expect.any(String), appliedTags: [] }]);
    expect(questionRows(db)[0]).toMatchObject({ publication: 'posted', thread_id: poster.forumPosts[0]?.threadId });
  });

  it('GIVEN the Q&A forum and a tag chosen at setup THEN its posts carry the tag; another channel drops it, and a forum tag never goes elsewhere', async () => {
    const h = qaHarness();
    const tag = { id: '220000000000000001', name: 'Question' };
    expect(await h.qa.settings.setup(GUILD, moderator, { channel: { id: FORUM, kind: 'forum' }, forumTag: tag })).toMatchObject({ forumTagId: tag.id, forumTagName: 'Question' });
    await ask(h.qa, QUESTION, { channelId: FORUM, kind: 'forum' });
    await ask(h.qa, 'A forum post asked before the tag was dropped, in another forum?', { channelId: '210000000000000099', kind: 'forum' });
    expect(h.poster.forumPosts.map((post) => [post.forumId, post.appliedTags])).toEqual([
      [FORUM, [tag.id]],
      ['210000000000000099', []],
    ]);
    expect(await h.qa.settings.setup(GUILD, moderator, { reviewAnonymous: true })).toMatchObject({ forumTagId: tag.id });
    expect(await h.qa.settings.setup(GUILD, moderator, { channel: { id: QA_CHANNEL, kind: 'text' } })).toMatchObject({ forumTagId: null, forumTagName: null });
    expect(await h.qa.settings.setup(GUILD, moderator, { channel: { id: FORUM, kind: 'forum' } })).toMatchObject({ forumTagId: null });
  });

  it('GIVEN Discord failing THEN the question stays pending (never lost), is retried with backoff, and posted exactly once', async () => {
    const h = qaHarness();
    h.poster.failChannel(QA_CHANNEL, 'transient', 2);
    const result = await ask(h.qa, QUESTION);
    expect(result.state).toBe('pending');
    expect(result.question.number).toBe(1);
    expect(questionRows(h.db)[0]?.publication).toBe('pending');
    // Too early: the backoff keeps it waiting.
    await h.qa.background.tick();
    expect(h.poster.attempts).toBe(1);
    h.clock.advance(2 * MINUTE_MS);
    await h.qa.background.tick();
    expect(questionRows(h.db)[0]?.publication).toBe('pending');
    h.clock.advance(5 * MINUTE_MS);
    await h.qa.background.tick();
    expect(questionRows(h.db)[0]?.publication).toBe('posted');
    expect(h.poster.inChannel(QA_CHANNEL)).toHaveLength(1);
    h.clock.advance(60 * MINUTE_MS);
    await h.qa.background.tick();
    expect(h.poster.inChannel(QA_CHANNEL)).toHaveLength(1);
  });

  it('GIVEN the bot crashed after Discord made the message but before recording it THEN the retry resends the same nonce and no second message appears', async () => {
    const h = qaHarness();
    h.poster.crashAfter(0, { afterSending: true });
    await expect(ask(h.qa, QUESTION)).rejects.toThrow('simulated crash');
    h.poster.clearFailures();
    const restarted = h.restart();
    h.clock.advance(MINUTE_MS);
    await restarted.background.tick();
    expect(h.poster.inChannel(QA_CHANNEL)).toHaveLength(1);
    expect(questionRows(h.db)[0]).toMatchObject({ publication: 'posted', message_id: h.poster.inChannel(QA_CHANNEL)[0]?.id });
  });

  it('GIVEN the channel is gone THEN the question waits (pending) and follows the Q&A channel a moderator picks next', async () => {
    const h = qaHarness();
    h.poster.failChannel(QA_CHANNEL, 'gone');
    expect((await ask(h.qa, QUESTION)).state).toBe('pending');
    await h.qa.settings.setup(GUILD, moderator, { channel: { id: '210000000000000077', kind: 'text' } });
    h.clock.advance(61 * MINUTE_MS);
    await h.qa.background.tick();
    expect(h.poster.inChannel('210000000000000077')).toHaveLength(1);
  });
});

describe('asking: limits, similar questions, drafts', () => {
  it('GIVEN 5 questions in 10 minutes THEN the 6th is refused with when to try again, and later accepted', async () => {
    const h = qaHarness();
    for (let index = 0; index < 5; index += 1) await ask(h.qa, `Rate-limited question number ${index} about on-call?`);
    h.clock.advance(4 * MINUTE_MS);
    await expect(ask(h.qa, 'One question too many about on-call rotations?')).rejects.toThrow(/posted 5 questions in the last 10 minutes.*about 6 minutes/);
    expect(questionRows(h.db)).toHaveLength(5);
    await expect(ask(h.qa, 'Another member may still ask about on-call?', { userId: READER })).resolves.toMatchObject({ state: 'posted' });
    h.clock.advance(7 * MINUTE_MS);
    await expect(ask(h.qa, 'Now I may ask again about on-call rotations?')).resolves.toMatchObject({ state: 'posted' });
  });

  it('GIVEN a server that set its own limit THEN that limit applies', async () => {
    const h = qaHarness();
    await h.qa.settings.setup(GUILD, moderator, { questionLimit: 1 });
    await ask(h.qa, 'First question about engineering ladders?');
    await expect(ask(h.qa, 'Second question about engineering ladders?')).rejects.toThrow(/posted 1 questions/);
  });

  it('GIVEN text outside 10–500 characters THEN it is refused before anything is stored', async () => {
    const h = qaHarness();
    await expect(ask(h.qa, '  short?  ')).rejects.toThrow(/at least 10 characters/);
    await expect(ask(h.qa, 'x'.repeat(501))).rejects.toThrow(/under 500 characters/);
    expect(questionRows(h.db)).toHaveLength(0);
  });

  it('GIVEN an earlier question in this server THEN a similar one finds it (and the knowledge base), but never another server\'s', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION);
    await ask(h.qa, 'How do I hire my first senior engineer for a small startup team?', { guildId: OTHER_GUILD });
    const found = h.qa.asking.findSimilar(GUILD, 'hiring the first senior engineer at a small startup', HELPER);
    expect(found.questions.map((card) => [card.question.guildId, card.question.number])).toEqual([[GUILD, 1]]);
    expect(found.entry?.id).toBe('hiring-engineers');
    expect(h.qa.asking.findSimilar(GUILD, 'How should I negotiate cloud discounts with a vendor?', HELPER).questions).toEqual([]);
  });

  it('GIVEN a draft THEN "Post mine anyway" posts it once (a second click finds it) and only its author can use it', async () => {
    const h = qaHarness();
    const draftId = h.qa.asking.saveDraft({ guildId: GUILD, userId: ASKER, text: QUESTION, anonymous: false, target: { channelId: QA_CHANNEL, kind: 'text' } });
    expect(() => h.qa.asking.discardDraft(GUILD, READER, draftId)).toThrow(/expired/);
    await expect(h.qa.asking.postDraft(OTHER_GUILD, ASKER, draftId)).rejects.toThrow(/expired/);
    const first = await h.qa.asking.postDraft(GUILD, ASKER, draftId);
    const again = await h.qa.asking.postDraft(GUILD, ASKER, draftId);
    expect([first.again, again.again]).toEqual([false, true]);
    expect(again.question.id).toBe(first.question.id);
    expect(h.poster.inChannel(QA_CHANNEL)).toHaveLength(1);
  });

  it('GIVEN an old draft THEN it has expired', async () => {
    const h = qaHarness();
    const draftId = h.qa.asking.saveDraft({ guildId: GUILD, userId: ASKER, text: QUESTION, anonymous: false, target: { channelId: QA_CHANNEL, kind: 'text' } });
    h.clock.advance(61 * MINUTE_MS);
    await expect(h.qa.asking.postDraft(GUILD, ASKER, draftId)).rejects.toThrow(/expired/);
  });
});

describe('asking: anonymous questions', () => {
  it('GIVEN an anonymous question THEN its message never names the asker, who is still counted for limits', async () => {
    const h = qaHarness();
    await h.qa.settings.setup(GUILD, moderator, { questionLimit: 1 });
    await ask(h.qa, 'We are planning layoffs; how do I tell the managers first?', { anonymous: true });
    const [message] = h.poster.inChannel(QA_CHANNEL);
    expect(JSON.stringify(message?.message)).not.toContain(ASKER);
    expect(JSON.stringify(message?.message)).toContain('Anonymous member');
    await expect(ask(h.qa, 'Another anonymous question about pay bands?', { anonymous: true })).rejects.toThrow(/posted 1 questions/);
  });

  it('GIVEN review on THEN an anonymous question waits unnumbered until a moderator approves it, and rejected ones are never posted', async () => {
    const h = qaHarness();
    await h.qa.settings.setup(GUILD, moderator, { reviewAnonymous: true });
    const waiting = await ask(h.qa, 'My board wants to cut R&D by a third; how do I push back?', { anonymous: true });
    expect(waiting).toMatchObject({ state: 'review', question: { number: null, publication: 'review' } });
    await ask(h.qa, 'A public question that takes number one meanwhile?');
    const rejected = await ask(h.qa, 'A second anonymous question to be rejected here?', { anonymous: true });
    expect(() => h.qa.asking.reviewQueue(GUILD, member(READER))).toThrow(/Only moderators/);
    expect(h.qa.asking.reviewQueue(GUILD, moderator).map((question) => question.id)).toEqual([waiting.question.id, rejected.question.id]);
    await expect(h.qa.asking.approve(GUILD, waiting.question.id, member(READER))).rejects.toThrow(/Only moderators/);
    const approved = await h.qa.asking.approve(GUILD, waiting.question.id, moderator);
    expect(approved).toMatchObject({ state: 'posted', question: { number: 2 } });
    await h.qa.asking.reject(GUILD, rejected.question.id, moderator);
    await expect(h.qa.asking.approve(GUILD, rejected.question.id, moderator)).rejects.toThrow(/no longer waiting/);
    await expect(h.qa.asking.approve(OTHER_GUILD, waiting.question.id, { ...moderator })).rejects.toThrow(/no longer waiting/);
    expect(h.poster.inChannel(QA_CHANNEL)).toHaveLength(2);
    expect(h.poster.directMessages.map((dm) => dm.userId)).toEqual([ASKER, ASKER]);
    expect(h.poster.directMessages[0]?.message.content).toContain('#2');
  });
});

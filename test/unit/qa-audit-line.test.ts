import { describe, expect, it } from 'vitest';
import type { QaAuditEntry } from '../../src/qa/audit-store.js';
import { auditLine } from '../../src/qa/render/audit-line.js';

const MOD = '157900000000000001';
const CHANNEL = '157900000000000002';
const ROLE = '157900000000000003';

const entry = (action: string, details: Record<string, unknown> = {}, extra: Partial<QaAuditEntry> = {}): QaAuditEntry => ({
  id: 1,
  actorId: MOD,
  action,
  questionId: 10,
  questionNumber: 3,
  answerId: null,
  answerNumber: null,
  previousAnswerNumber: null,
  details,
  createdAt: '2026-03-01T14:05:09.000Z',
  ...extra,
});

/** Nothing of the stored shape may reach a moderator: JSON, field names, action slugs. */
const INTERNAL = /[{}"]|\b(id|kind|channelId|reviewAnonymous|questionLimit|answerLimit|forumTag|digestChannelId|moderatorRoleId|entryId|removedEntry|previous|deleted-on-discord|not-updated-on-discord|merged-in|edit-answer|delete-answer)\b/;

describe('/qa audit lines', () => {
  it.each([
    ['setup', entry('setup', { channel: { id: CHANNEL, kind: 'text' } }, { questionNumber: null, questionId: null }), `<@${MOD}> **changed the Q&A settings**: Q&A channel <#${CHANNEL}>`],
    ['setup', entry('setup', { channel: { id: CHANNEL, kind: 'forum' }, forumTag: { id: '5', name: 'Help' } }, { questionNumber: null }), `**changed the Q&A settings**: Q&A channel <#${CHANNEL}> (forum), forum tag **Help**`],
    ['setup', entry('setup', { channel: null, reviewAnonymous: true, questionLimit: 1, answerLimit: 10 }, { questionNumber: null }), 'no Q&A channel (questions stay where they are asked), anonymous questions reviewed first, 1 question per member per 10 minutes, 10 answers per member per 10 minutes'],
    ['setup', entry('setup', { digestChannelId: CHANNEL, moderatorRoleId: ROLE, reviewAnonymous: false }, { questionNumber: null }), `anonymous questions posted at once, weekly digest in <#${CHANNEL}>, moderator role <@&${ROLE}>`],
    ['setup', entry('setup', { digestChannelId: null, moderatorRoleId: null }, { questionNumber: null }), 'weekly digest off, no moderator role'],
    ['edit', entry('edit', { before: 'the old text' }), `<@${MOD}> **edited** #3`],
    ['close', entry('close'), '**closed** #3'],
    ['reopen', entry('reopen'), '**reopened** #3'],
    ['lock', entry('lock'), '**locked** #3'],
    ['unlock', entry('unlock'), '**unlocked** #3'],
    ['delete', entry('delete', { text: 'gone', removedEntry: 'community-3' }), "**deleted** #3, and its knowledge-base entry `community\\-3`"],
    ['merge', entry('merge', { into: 1, answers: 2 }), '**merged** #3 into #1 (2 answers moved)'],
    ['merged-in', entry('merged-in', { from: 4, answers: 1 }), '**merged** #4 into #3 (1 answer moved)'],
    ['approve', entry('approve'), '**approved** #3'],
    ['reject', entry('reject'), '**rejected** #3'],
    ['accept', entry('accept', { previous: 7 }, { answerId: 9, answerNumber: 2, previousAnswerNumber: 1 }), '**accepted** answer 2 to #3 instead of answer 1'],
    ['accept', entry('accept', { previous: null }, { answerId: 9, answerNumber: 2 }), '**accepted** answer 2 to #3'],
    ['edit-answer', entry('edit-answer', { before: 'x' }, { answerId: 9, answerNumber: 2 }), '**edited** answer 2 to #3'],
    ['delete-answer', entry('delete-answer', { text: 'x' }, { answerId: 9, answerNumber: 2 }), '**deleted** answer 2 to #3'],
    ['promote', entry('promote', { entryId: 'community-3' }, { answerId: 9, answerNumber: 2 }), '**added** answer 2 to #3 to the knowledge base as `community\\-3`'],
    ['deleted-on-discord', entry('deleted-on-discord', { text: 'x' }, { actorId: 'discord' }), '**#3**: its message was **deleted on Discord**'],
    ['answer-deleted-on-discord', entry('answer-deleted-on-discord', { text: 'x' }, { actorId: 'discord', answerId: 9, answerNumber: 2 }), '**Answer 2** to #3: its message was **deleted on Discord**'],
    ['not-updated-on-discord', entry('not-updated-on-discord', { reason: 'thread locked; needs Manage Threads' }, { actorId: 'system', answerId: 9, answerNumber: 2 }), 'The bot **could not update** answer 2 to #3 on Discord: thread locked; needs Manage Threads'],
  ])('GIVEN a %s entry THEN it reads in plain words', (_action, logged, words) => {
    const line = auditLine(logged);
    expect(line).toContain(words);
    expect(line.startsWith('`2026-03-01 14:05 UTC` ')).toBe(true);
    expect(line.replace(/`2026-03-01 14:05 UTC`/, '').replace(/`community\\-3`/, '')).not.toMatch(INTERNAL);
  });

  it('GIVEN an action this renderer does not know THEN its name and details are words, times readable, ids mentions, no JSON', () => {
    const line = auditLine(entry('undo-merge', { undoneAt: '2026-03-02T08:00:00.000Z', windowMs: 600_000, channelId: CHANNEL, notify: true, text: 'member text' }));
    expect(line).toBe(`\`2026-03-01 14:05 UTC\` <@${MOD}> **undo merge** #3 · undone at 2026-03-02 08:00 UTC, window ms 10 minutes, channel <#${CHANNEL}>, notify yes`);
  });
});

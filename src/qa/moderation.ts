import { z } from 'zod';
import { MINUTE_MS } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { AnswerStore } from './answer-store.js';
import type { AuditStore, QaAuditEntry } from './audit-store.js';
import type { Delivery } from './delivery.js';
import type { EngagementStore } from './engagement-store.js';
import { removePromotedEntry, type GoneMessages } from './gone.js';
import type { Access } from './access.js';
import type { QuestionStore } from './question-store.js';
import { discordLink, questionLink } from './render/links.js';
import { requireModerator } from './rules.js';
import { plural } from '../core/plural.js';
import { reindexQuestion, searchTerms } from './search.js';
import type { TermFrequencies } from './term-frequencies.js';
import { questionText } from './text-rules.js';
import type { InLineSoon, QaTiming } from './timing.js';
import { bridged, type Run, type Transaction } from './transaction.js';
import type { QaActor, Question } from './types.js';

interface ModerationDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly engagement: EngagementStore;
  readonly audit: AuditStore;
  readonly frequencies: TermFrequencies;
  /** A deleted question's promoted entry leaves the server's knowledge base. */
  readonly knowledge: Pick<KnowledgeService, 'removeGuildEntry'>;
  readonly access: Pick<Access, 'requireQuestion' | 'notFound'>;
  readonly delivery: Delivery;
  readonly gone: GoneMessages;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly timing: QaTiming;
  readonly inLineSoon: InLineSoon;
}

/** What a confirmed moderator action did: the question, and the log entry an Undo names. */
interface Done {
  readonly question: Question;
  readonly entryId: number;
}

/** How long a moderator may undo a close, delete or merge, and confirm one they were shown. */
const UNDO_WINDOW_MS = 10 * MINUTE_MS;
const UNDOABLE = ['close', 'delete', 'merge'] as const;
type UndoableAction = (typeof UNDOABLE)[number];

/** What a merge changed, kept in its log entry so an undo can put everything back. */
const mergeUndo = z.object({
  answers: z.array(z.object({ id: z.number().int(), questionId: z.number().int(), number: z.number().int(), deleted: z.boolean() })),
  from: z.object({ status: z.enum(['open', 'answered', 'closed']), closedAt: z.string().nullable(), acceptedAnswerId: z.number().int().nullable(), acceptedAt: z.string().nullable() }),
  intoAccepted: z.boolean(),
  votes: z.array(z.object({ userId: z.string(), createdAt: z.string() })),
  addedFollowers: z.array(z.string()),
  addedVoters: z.array(z.string()),
});
type MergeUndo = z.infer<typeof mergeUndo>;

/** What a close, delete or merge will do, for the moderator's confirmation. */
export interface Preview {
  readonly action: UndoableAction;
  readonly question: Question;
  readonly into: Question | null;
  /** Answers that move (merge). */
  readonly answers: number;
  /** The knowledge-base entry a delete removes with it. */
  readonly promotedEntryId: string | null;
  /** When it was shown (ms on the clock): a confirmation expires like an undo. */
  readonly issuedAt: number;
}

/** What an undo restored, for the reply. */
export interface Undone {
  readonly action: UndoableAction;
  readonly question: Question;
  readonly into: Question | null;
  /** A delete took the question's knowledge-base entry with it; an undo does not bring it back. */
  readonly entryNotRestored: string | null;
}

/** Moderation of questions: edit, close, reopen, lock, delete, merge; every action in the audit log. */
export function createModeration({ questions, answers, engagement, audit, frequencies, knowledge, access, delivery, gone, poster, logger, transaction, run, timing, inLineSoon }: ModerationDeps) {
  const reindex = (question: Question): void => reindexQuestion(questions, question);

  /** Runs one moderator change in a transaction, audited, then brings the message in line. */
  const change = async (
    guildId: string,
    number: number,
    actor: QaActor,
    action: string,
    apply: (question: Question, at: string) => Record<string, unknown> | void,
  ): Promise<Done> => {
    requireModerator(actor);
    const done = await transaction(function* () {
      const found = access.requireQuestion(guildId, number, actor);
      const at = timing.now();
      const details = apply(found, at) ?? {};
      questions.touch(found.id, at, timing.handOffAt());
      const entryId = yield* audit.record({ guildId, actorId: actor.userId, action, questionId: found.id, details, at });
      return { question: questions.requireById(guildId, found.id), entryId };
    });
    await inLineSoon(delivery.question(done.question));
    return done;
  };

  /** Best effort: a short note in a thread (merge pointers). */
  const note = async (threadId: string | null, content: string): Promise<void> => {
    if (!threadId) return;
    try {
      await poster.send(threadId, { content, allowed_mentions: { parse: [] } });
    } catch (error) {
      logger.info({ err: error, threadId }, 'could not post a Q&A merge note');
    }
  };

  return {
    /**
     * A thread reopened or unlocked on Discord: what its lock stopped (updates refused with 160005,
     * no longer retried) is due again now.
     */
    async threadUnlocked(guildId: string, threadId: string): Promise<number> {
      return transaction(bridged(() => {
        const at = timing.now();
        return questions.rearmInThread(guildId, threadId, at) + answers.rearmInThread(guildId, threadId, at);
      }));
    },

    /** A thread deleted on Discord: for a forum question that is the post itself. */
    async threadDeleted(guildId: string, threadId: string): Promise<'question' | null> {
      const question = questions.byMessage(guildId, threadId);
      if (!question || question.deletedAt || question.channelKind !== 'forum' || question.threadId !== threadId) return null;
      await gone.question(question);
      return 'question';
    },

    /** A message (or forum thread) deleted on Discord: the question or answer it was is marked deleted. */
    async messageDeleted(guildId: string, messageId: string): Promise<'question' | 'answer' | null> {
      const question = questions.byMessage(guildId, messageId);
      if (question && !question.deletedAt) {
        await gone.question(question);
        return 'question';
      }
      const answer = answers.byMessage(guildId, messageId);
      if (answer && !answer.deletedAt) {
        // The question's message shows one answer fewer.
        const parent = await gone.answer(answer);
        if (parent) await delivery.question(parent);
        return 'answer';
      }
      return null;
    },

    edit: (guildId: string, number: number, actor: QaActor, text: string) => {
      const value = questionText(text);
      return change(guildId, number, actor, 'edit', (question) => {
        frequencies.record(searchTerms(question.text), -1);
        frequencies.record(searchTerms(value), 1);
        questions.setText(question.id, value, searchTerms(value));
        reindex({ ...question, text: value });
        return { before: question.text };
      });
    },

    close: (guildId: string, number: number, actor: QaActor) =>
      change(guildId, number, actor, 'close', (question, at) => {
        if (question.status === 'closed') throw new UserError('qa.already-closed', `#${number} is already closed.`);
        questions.setClosed(question.id, true, at);
      }),

    reopen: (guildId: string, number: number, actor: QaActor) =>
      change(guildId, number, actor, 'reopen', (question, at) => {
        if (question.status !== 'closed') throw new UserError('qa.not-closed', `#${number} is not closed.`);
        questions.setClosed(question.id, false, at);
      }),

    setLocked: (guildId: string, number: number, actor: QaActor, locked: boolean) =>
      change(guildId, number, actor, locked ? 'lock' : 'unlock', (question) => {
        if (question.locked === locked) throw new UserError('qa.lock-unchanged', `#${number} is already ${locked ? 'locked' : 'unlocked'}.`);
        questions.setLocked(question.id, locked);
      }),

    /**
     * Removes a question: hidden everywhere, its message replaced by a short notice, and its promoted
     * answer (if any) out of the server's knowledge base. Resolves with that entry's id, if one went.
     */
    async remove(guildId: string, number: number, actor: QaActor): Promise<Done & { removedEntryId: string | null }> {
      let removedEntryId: string | null = null;
      const done = await change(guildId, number, actor, 'delete', (found, at) => {
        questions.markDeleted(found.id, at);
        questions.unindex(found.id);
        removedEntryId = removePromotedEntry(knowledge, found);
        return { text: found.text, ...(removedEntryId ? { removedEntry: removedEntryId } : {}) };
      });
      return { ...done, removedEntryId };
    },

    /** Merges a duplicate into another question: its answers, followers and upvotes move there. */
    async merge(guildId: string, fromNumber: number, intoNumber: number, actor: QaActor): Promise<{ from: Question; into: Question; moved: number; entryId: number }> {
      requireModerator(actor);
      if (fromNumber === intoNumber) throw new UserError('qa.merge-self', 'Pick two different questions to merge.');
      const result = await transaction(function* () {
        const from = access.requireQuestion(guildId, fromNumber, actor);
        const into = access.requireQuestion(guildId, intoNumber, actor);
        const at = timing.now();
        const followersBefore = new Set(engagement.followers(into.id));
        const votersBefore = new Set(engagement.questionVoters(into.id).map((vote) => vote.userId));
        const undo: MergeUndo = {
          answers: [],
          from: { status: from.status, closedAt: from.closedAt, acceptedAnswerId: from.acceptedAnswerId, acceptedAt: from.acceptedAt },
          intoAccepted: into.acceptedAnswerId === null && from.acceptedAnswerId !== null,
          votes: engagement.questionVoters(from.id),
          addedFollowers: [],
          addedVoters: [],
        };
        const placed = answers.move(from.id, into.id);
        const movedAnswers = placed.filter((answer) => !answer.deleted).map((answer) => answer.id);
        const moved = movedAnswers.length;
        const numbers = movedAnswers.map((id) => answers.requireById(guildId, id).number);
        engagement.moveFollows(from.id, into.id);
        if (from.askerId !== into.askerId) engagement.follow(into.id, from.askerId, at);
        engagement.moveQuestionVotes(from.id, into.id, into.askerId);
        const snapshot: MergeUndo = {
          ...undo,
          answers: placed,
          addedFollowers: engagement.followers(into.id).filter((userId) => !followersBefore.has(userId)),
          addedVoters: engagement.questionVoters(into.id).map((vote) => vote.userId).filter((userId) => !votersBefore.has(userId)),
        };
        if (into.acceptedAnswerId === null && from.acceptedAnswerId !== null) questions.setAccepted(into.id, from.acceptedAnswerId, at);
        questions.markMerged(from.id, into.id, at);
        for (const question of [from, into]) questions.touch(question.id, at, timing.handOffAt());
        for (const id of movedAnswers) answers.touch(id, timing.handOffAt());
        reindex(questions.requireById(guildId, from.id));
        reindex(into);
        const entryId = yield* audit.record({ guildId, actorId: actor.userId, action: 'merge', questionId: from.id, details: { into: into.number, answers: moved, undo: snapshot }, at });
        yield* audit.record({ guildId, actorId: actor.userId, action: 'merged-in', questionId: into.id, details: { from: from.number, answers: moved }, at });
        return { from: questions.requireById(guildId, from.id), into: questions.requireById(guildId, into.id), moved, movedAnswers, numbers, entryId };
      });
      await delivery.question(result.from);
      await delivery.question(result.into);
      for (const id of result.movedAnswers) {
        const answer = answers.byId(guildId, id);
        if (answer) await delivery.answer(answer);
      }
      const intoLink = questionLink(result.into);
      await note(result.from.threadId, `This question was merged into **#${intoNumber}**${intoLink ? ` (${intoLink})` : ''}: its answers and followers moved there.`);
      const fromLink = result.from.threadId ? discordLink(guildId, result.from.threadId) : null;
      const where = fromLink ? `their messages stay in ${fromLink}` : 'their messages stay where they were';
      await note(result.into.threadId, `**#${fromNumber}** was merged into this question${result.moved > 0 ? `: its ${plural(result.moved, 'answer')} now ${result.moved === 1 ? 'belongs' : 'belong'} here as ${numberList(result.numbers)} (\`/question show id: ${intoNumber}\` lists them all); ${where}` : ''}.`);
      return { from: result.from, into: result.into, moved: result.moved, entryId: result.entryId };
    },

    /** What close, delete or merge would do now (nothing changes): the moderator confirms it first. */
    preview(guildId: string, action: UndoableAction, number: number, actor: QaActor, intoNumber?: number): Preview {
      requireModerator(actor);
      const question = access.requireQuestion(guildId, number, actor);
      if (action === 'close' && question.status === 'closed') throw new UserError('qa.already-closed', `#${number} is already closed.`);
      let into: Question | null = null;
      if (action === 'merge') {
        if (intoNumber === undefined || intoNumber === number) throw new UserError('qa.merge-self', 'Pick two different questions to merge.');
        into = access.requireQuestion(guildId, intoNumber, actor);
      }
      return { action, question, into, answers: action === 'merge' ? answers.count(question.id) : 0, promotedEntryId: action === 'delete' ? question.promotedEntryId : null, issuedAt: timing.clock.now().getTime() };
    },

    /** A confirmation shown at `issuedAt` (ms on the clock) still counts only within the undo window. */
    requireFresh(issuedAt: number): void {
      const age = timing.clock.now().getTime() - issuedAt;
      if (age < 0 || age > UNDO_WINDOW_MS) {
        throw new UserError('qa.confirm-expired', 'This confirmation has expired (they last 10 minutes). Run the command again.');
      }
    },

    /**
     * Puts a close, delete or merge back as it was, within 10 minutes of it, once: the database in one
     * transaction (audited), then the messages on Discord.
     */
    async undo(guildId: string, entryId: number, actor: QaActor): Promise<Undone> {
      requireModerator(actor);
      const result = await transaction(function* () {
        const entry = yield* audit.byId(guildId, entryId);
        const action = UNDOABLE.find((name) => name === entry?.action);
        if (!entry || !action || entry.questionId === null) throw new UserError('qa.undo-unknown', 'There is nothing to undo here.');
        if (yield* audit.undone(guildId, entryId)) throw new UserError('qa.undo-done', 'That was undone already.');
        if (timing.clock.now().getTime() - Date.parse(entry.createdAt) > UNDO_WINDOW_MS) {
          throw new UserError('qa.undo-expired', 'Undo works for 10 minutes after the action, and that time is over. Change it back with `/qa reopen`, or ask whoever runs the bot.');
        }
        const question = questions.requireById(guildId, entry.questionId);
        const changed = (why: string) => new UserError('qa.undo-changed', `#${question.number ?? '?'} ${why} since, so it cannot be undone.`);
        const at = timing.now();
        let into: Question | null = null;
        const movedBack: number[] = [];
        if (action === 'close') {
          if (question.status !== 'closed' || question.mergedInto !== null || question.deletedAt) throw changed('changed');
          questions.setClosed(question.id, false, at);
        } else if (action === 'delete') {
          if (!question.deletedAt) throw changed('changed');
          questions.unmarkDeleted(question.id);
        } else {
          const snapshot = mergeUndo.safeParse(entry.details.undo);
          if (!snapshot.success || question.mergedInto === null) throw changed('changed');
          const target = questions.requireById(guildId, question.mergedInto);
          for (const answer of snapshot.data.answers) {
            answers.place(answer);
            if (!answer.deleted) movedBack.push(answer.id);
          }
          questions.unmerge(question.id, snapshot.data.from);
          if (snapshot.data.intoAccepted && target.acceptedAnswerId === snapshot.data.from.acceptedAnswerId) questions.setAccepted(target.id, null, at);
          for (const userId of snapshot.data.addedFollowers) engagement.unfollow(target.id, userId);
          for (const userId of snapshot.data.addedVoters) engagement.removeVote('question', target.id, userId);
          for (const vote of snapshot.data.votes) engagement.addVote(guildId, 'question', question.id, vote.userId, vote.createdAt);
          questions.touch(target.id, at, timing.handOffAt());
          for (const id of movedBack) answers.touch(id, timing.handOffAt());
          reindex(questions.requireById(guildId, target.id));
          into = questions.requireById(guildId, target.id);
        }
        questions.touch(question.id, at, timing.handOffAt());
        const restored = questions.requireById(guildId, question.id);
        reindex(restored);
        yield* audit.record({ guildId, actorId: actor.userId, action: 'undo', questionId: question.id, details: { entry: entryId, undid: action }, at });
        const removed = typeof entry.details.removedEntry === 'string' ? entry.details.removedEntry : null;
        return { action, question: restored, into, movedBack, entryNotRestored: removed };
      });
      await inLineSoon(
        (async () => {
          await delivery.question(result.question);
          if (result.into) await delivery.question(result.into);
          for (const id of result.movedBack) {
            const answer = answers.byId(guildId, id);
            if (answer) await delivery.answer(answer);
          }
        })(),
      );
      return { action: result.action, question: result.question, into: result.into, entryNotRestored: result.entryNotRestored };
    },

    async audit(guildId: string, actor: QaActor, number?: number, limit = 20): Promise<QaAuditEntry[]> {
      requireModerator(actor);
      if (number === undefined) return run(() => audit.recent(guildId, limit));
      const question = questions.byNumber(guildId, number);
      if (!question) throw access.notFound(number);
      return run(() => audit.forQuestion(guildId, question.id, limit));
    },
  };
}

/** `answer 3`, `answers 3–4`, `answers 3, 5–6`: the numbers merged answers now have. */
function numberList(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j += 1;
    runs.push(j === i ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return `${numbers.length === 1 ? 'answer' : 'answers'} ${runs.join(', ')}`;
}

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
import type { Transaction } from './transaction.js';
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
  readonly timing: QaTiming;
  readonly inLineSoon: InLineSoon;
}

/** Moderation of questions: edit, close, reopen, lock, delete, merge; every action in the audit log. */
export function createModeration({ questions, answers, engagement, audit, frequencies, knowledge, access, delivery, gone, poster, logger, transaction, timing, inLineSoon }: ModerationDeps) {
  const reindex = (question: Question): void => reindexQuestion(questions, question);

  /** Runs one moderator change in a transaction, audited, then brings the message in line. */
  const change = async (
    guildId: string,
    number: number,
    actor: QaActor,
    action: string,
    apply: (question: Question, at: string) => Record<string, unknown> | void,
  ): Promise<Question> => {
    requireModerator(actor);
    const question = transaction(() => {
      const found = access.requireQuestion(guildId, number, actor);
      const at = timing.now();
      const details = apply(found, at) ?? {};
      questions.touch(found.id, at, timing.handOffAt());
      audit.record({ guildId, actorId: actor.userId, action, questionId: found.id, details, at });
      return questions.requireById(guildId, found.id);
    });
    await inLineSoon(delivery.question(question));
    return question;
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
    threadUnlocked(guildId: string, threadId: string): number {
      return transaction(() => {
        const at = timing.now();
        return questions.rearmInThread(guildId, threadId, at) + answers.rearmInThread(guildId, threadId, at);
      });
    },

    /** A thread deleted on Discord: for a forum question that is the post itself. */
    threadDeleted(guildId: string, threadId: string): 'question' | null {
      const question = questions.byMessage(guildId, threadId);
      if (!question || question.deletedAt || question.channelKind !== 'forum' || question.threadId !== threadId) return null;
      gone.question(question);
      return 'question';
    },

    /** A message (or forum thread) deleted on Discord: the question or answer it was is marked deleted. */
    async messageDeleted(guildId: string, messageId: string): Promise<'question' | 'answer' | null> {
      const question = questions.byMessage(guildId, messageId);
      if (question && !question.deletedAt) {
        gone.question(question);
        return 'question';
      }
      const answer = answers.byMessage(guildId, messageId);
      if (answer && !answer.deletedAt) {
        // The question's message shows one answer fewer.
        const parent = gone.answer(answer);
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
    async remove(guildId: string, number: number, actor: QaActor): Promise<{ question: Question; removedEntryId: string | null }> {
      let removedEntryId: string | null = null;
      const question = await change(guildId, number, actor, 'delete', (found, at) => {
        questions.markDeleted(found.id, at);
        questions.unindex(found.id);
        removedEntryId = removePromotedEntry(knowledge, found);
        return { text: found.text, ...(removedEntryId ? { removedEntry: removedEntryId } : {}) };
      });
      return { question, removedEntryId };
    },

    /** Merges a duplicate into another question: its answers, followers and upvotes move there. */
    async merge(guildId: string, fromNumber: number, intoNumber: number, actor: QaActor): Promise<{ from: Question; into: Question; moved: number }> {
      requireModerator(actor);
      if (fromNumber === intoNumber) throw new UserError('qa.merge-self', 'Pick two different questions to merge.');
      const result = transaction(() => {
        const from = access.requireQuestion(guildId, fromNumber, actor);
        const into = access.requireQuestion(guildId, intoNumber, actor);
        const at = timing.now();
        const movedAnswers = answers.move(from.id, into.id).filter((answer) => !answer.deleted).map((answer) => answer.id);
        const moved = movedAnswers.length;
        const numbers = movedAnswers.map((id) => answers.requireById(guildId, id).number);
        engagement.moveFollows(from.id, into.id);
        if (from.askerId !== into.askerId) engagement.follow(into.id, from.askerId, at);
        engagement.moveQuestionVotes(from.id, into.id, into.askerId);
        if (into.acceptedAnswerId === null && from.acceptedAnswerId !== null) questions.setAccepted(into.id, from.acceptedAnswerId, at);
        questions.markMerged(from.id, into.id, at);
        for (const question of [from, into]) questions.touch(question.id, at, timing.handOffAt());
        for (const id of movedAnswers) answers.touch(id, timing.handOffAt());
        reindex(questions.requireById(guildId, from.id));
        reindex(into);
        audit.record({ guildId, actorId: actor.userId, action: 'merge', questionId: from.id, details: { into: into.number, answers: moved }, at });
        audit.record({ guildId, actorId: actor.userId, action: 'merged-in', questionId: into.id, details: { from: from.number, answers: moved }, at });
        return { from: questions.requireById(guildId, from.id), into: questions.requireById(guildId, into.id), moved, movedAnswers, numbers };
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
      return { from: result.from, into: result.into, moved: result.moved };
    },

    audit(guildId: string, actor: QaActor, number?: number, limit = 20): QaAuditEntry[] {
      requireModerator(actor);
      if (number === undefined) return audit.recent(guildId, limit);
      const question = questions.byNumber(guildId, number);
      if (!question) throw access.notFound(number);
      return audit.forQuestion(guildId, question.id, limit);
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

import { UserError } from '../core/errors.js';
import type { Answering } from './answering.js';
import { DISCORD_ACTOR, type QaAuditEntry } from './audit-store.js';
import type { QaDeps } from './deps.js';
import type { Delivery } from './delivery.js';
import type { Lookups } from './lookups.js';
import { discordLink, questionLink } from './render/links.js';
import { searchTerms } from './search.js';
import { questionText } from './text-rules.js';
import type { Answer, QaActor, Question } from './types.js';

/** Moderation of questions: edit, close, reopen, lock, delete, merge; every action in the audit log. */
export function createModerating(deps: QaDeps, lookups: Lookups, delivery: Delivery, answering: Answering) {
  const { db, questions, answers, engagement, audit, poster, logger } = deps;

  /** Runs one moderator change in a transaction, audited, then brings the message in line. */
  const change = async (
    guildId: string,
    number: number,
    actor: QaActor,
    action: string,
    apply: (question: Question, at: string) => Record<string, unknown> | void,
  ): Promise<Question> => {
    lookups.requireModerator(actor);
    const question = db.transaction(() => {
      const found = lookups.requireQuestion(guildId, number, actor);
      const at = deps.now();
      const details = apply(found, at) ?? {};
      questions.touch(found.id, at, deps.handOffAt());
      audit.record({ guildId, actorId: actor.userId, action, questionId: found.id, details, at });
      return questions.requireById(guildId, found.id);
    })();
    await deps.inLineSoon(delivery.question(question));
    return question;
  };

  // Its message is gone: nothing on Discord is left to bring in line, whatever changes later.
  const NEVER_SYNC = Number.MAX_SAFE_INTEGER;

  /**
   * A deleted question takes its promoted answer out of the server's knowledge base with it: what a
   * moderator removes does not live on in /ask. Called inside the deletion's transaction.
   */
  const removePromotedEntry = (question: Question): string | null =>
    question.promotedEntryId && deps.knowledge.removeGuildEntry(question.guildId, question.promotedEntryId) ? question.promotedEntryId : null;

  const markQuestionGone = (question: Question): void => {
    db.transaction(() => {
      const at = deps.now();
      if (!questions.markDeleted(question.id, at)) return;
      questions.unindex(question.id);
      removePromotedEntry(question);
      questions.synced(question.id, NEVER_SYNC);
      audit.record({ guildId: question.guildId, actorId: DISCORD_ACTOR, action: 'deleted-on-discord', questionId: question.id, details: { text: question.text }, at });
    })();
    logger.info({ guildId: question.guildId, questionId: question.id }, 'Q&A question deleted on Discord: marked deleted');
  };

  const markAnswerGone = async (answer: Answer): Promise<void> => {
    const question = db.transaction(() => {
      const at = deps.now();
      if (!answers.markDeleted(answer.id, at)) return undefined;
      answers.synced(answer.id, NEVER_SYNC);
      const parent = questions.requireById(answer.guildId, answer.questionId);
      if (parent.acceptedAnswerId === answer.id) questions.setAccepted(parent.id, null, at);
      questions.touch(parent.id, at, deps.handOffAt());
      answering.reindex(parent);
      audit.record({ guildId: answer.guildId, actorId: DISCORD_ACTOR, action: 'answer-deleted-on-discord', questionId: parent.id, answerId: answer.id, details: { text: answer.text }, at });
      return parent;
    })();
    if (!question) return;
    logger.info({ guildId: answer.guildId, answerId: answer.id }, 'Q&A answer deleted on Discord: marked deleted');
    await delivery.question(question);
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
    markQuestionGone,

    /**
     * A thread reopened or unlocked on Discord: what its lock stopped (updates refused with 160005,
     * no longer retried) is due again now.
     */
    threadUnlocked(guildId: string, threadId: string): number {
      return db.transaction(() => {
        const at = deps.now();
        return questions.rearmInThread(guildId, threadId, at) + answers.rearmInThread(guildId, threadId, at);
      })();
    },

    /** A thread deleted on Discord: for a forum question that is the post itself. */
    threadDeleted(guildId: string, threadId: string): 'question' | null {
      const question = questions.byMessage(guildId, threadId);
      if (!question || question.deletedAt || question.channelKind !== 'forum' || question.threadId !== threadId) return null;
      markQuestionGone(question);
      return 'question';
    },

    /** A message (or forum thread) deleted on Discord: the question or answer it was is marked deleted. */
    async messageDeleted(guildId: string, messageId: string): Promise<'question' | 'answer' | null> {
      const question = questions.byMessage(guildId, messageId);
      if (question && !question.deletedAt) {
        markQuestionGone(question);
        return 'question';
      }
      const answer = answers.byMessage(guildId, messageId);
      if (answer && !answer.deletedAt) {
        await markAnswerGone(answer);
        return 'answer';
      }
      return null;
    },

    edit: (guildId: string, number: number, actor: QaActor, text: string) => {
      const value = questionText(text);
      return change(guildId, number, actor, 'edit', (question) => {
        deps.frequencies.record(searchTerms(question.text), -1);
        deps.frequencies.record(searchTerms(value), 1);
        questions.setText(question.id, value, searchTerms(value));
        answering.reindex({ ...question, text: value });
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
        removedEntryId = removePromotedEntry(found);
        return { text: found.text, ...(removedEntryId ? { removedEntry: removedEntryId } : {}) };
      });
      return { question, removedEntryId };
    },

    /** Merges a duplicate into another question: its answers, followers and upvotes move there. */
    async merge(guildId: string, fromNumber: number, intoNumber: number, actor: QaActor): Promise<{ from: Question; into: Question; moved: number }> {
      lookups.requireModerator(actor);
      if (fromNumber === intoNumber) throw new UserError('qa.merge-self', 'Pick two different questions to merge.');
      const result = db.transaction(() => {
        const from = lookups.requireQuestion(guildId, fromNumber, actor);
        const into = lookups.requireQuestion(guildId, intoNumber, actor);
        const at = deps.now();
        const movedAnswers = answers.forQuestion(from.id).map((answer) => answer.id);
        const moved = answers.move(from.id, into.id);
        engagement.moveFollows(from.id, into.id);
        if (from.askerId !== into.askerId) engagement.follow(into.id, from.askerId, at);
        engagement.moveQuestionVotes(from.id, into.id, into.askerId);
        if (into.acceptedAnswerId === null && from.acceptedAnswerId !== null) questions.setAccepted(into.id, from.acceptedAnswerId, at);
        questions.markMerged(from.id, into.id, at);
        for (const question of [from, into]) questions.touch(question.id, at, deps.handOffAt());
        for (const id of movedAnswers) answers.touch(id, deps.handOffAt());
        answering.reindex(questions.requireById(guildId, from.id));
        answering.reindex(into);
        audit.record({ guildId, actorId: actor.userId, action: 'merge', questionId: from.id, details: { into: into.number, answers: moved }, at });
        audit.record({ guildId, actorId: actor.userId, action: 'merged-in', questionId: into.id, details: { from: from.number, answers: moved }, at });
        return { from: questions.requireById(guildId, from.id), into: questions.requireById(guildId, into.id), moved, movedAnswers };
      })();
      await delivery.question(result.from);
      await delivery.question(result.into);
      for (const id of result.movedAnswers) {
        const answer = answers.byId(guildId, id);
        if (answer) await delivery.answer(answer);
      }
      const intoLink = questionLink(result.into);
      await note(result.from.threadId, `This question was merged into **#${intoNumber}**${intoLink ? ` (${intoLink})` : ''}: its answers and followers moved there.`);
      const fromLink = result.from.threadId ? discordLink(guildId, result.from.threadId) : null;
      await note(result.into.threadId, `**#${fromNumber}** was merged into this question${result.moved > 0 ? `; ${result.moved === 1 ? 'its answer is' : `its ${result.moved} answers are`} in ${fromLink ?? 'its thread'}` : ''}.`);
      return { from: result.from, into: result.into, moved: result.moved };
    },

    audit(guildId: string, actor: QaActor, number?: number, limit = 20): QaAuditEntry[] {
      lookups.requireModerator(actor);
      if (number === undefined) return audit.recent(guildId, limit);
      const question = questions.byNumber(guildId, number);
      if (!question) throw lookups.notFound(number);
      return audit.forQuestion(guildId, question.id, limit);
    },
  };
}

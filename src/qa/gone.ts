import type { Logger } from '../core/logger.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { AnswerStore } from './answer-store.js';
import { DISCORD_ACTOR, type AuditStore } from './audit-store.js';
import type { QuestionStore } from './question-store.js';
import { reindexQuestion } from './search.js';
import type { QaTiming } from './timing.js';
import type { Transaction } from './transaction.js';
import type { Answer, Question } from './types.js';

// Its message is gone: nothing on Discord is left to bring in line, whatever changes later.
const NEVER_SYNC = Number.MAX_SAFE_INTEGER;

type KnowledgeEntries = Pick<KnowledgeService, 'removeGuildEntry'>;

/**
 * A deleted question takes its promoted answer out of the server's knowledge base with it: what a
 * moderator removes does not live on in /ask. Called inside the deletion's transaction.
 */
export function removePromotedEntry(knowledge: KnowledgeEntries, question: Question): string | null {
  return question.promotedEntryId && knowledge.removeGuildEntry(question.guildId, question.promotedEntryId) ? question.promotedEntryId : null;
}

interface GoneDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly audit: AuditStore;
  readonly knowledge: KnowledgeEntries;
  readonly transaction: Transaction;
  readonly timing: QaTiming;
  readonly logger: Logger;
}

/**
 * A question's or an answer's message deleted on Discord: the row is marked deleted, audited, and
 * never synced again. Both the delivery (an edit that finds the message gone) and the deletion
 * events use it, so neither calls back into the other.
 */
export function createGoneMessages({ questions, answers, audit, knowledge, transaction, timing, logger }: GoneDeps) {
  return {
    async question(question: Question): Promise<void> {
      await transaction(function* () {
        const at = timing.now();
        if (!questions.markDeleted(question.id, at)) return;
        questions.unindex(question.id);
        removePromotedEntry(knowledge, question);
        questions.synced(question.id, NEVER_SYNC);
        yield* audit.record({ guildId: question.guildId, actorId: DISCORD_ACTOR, action: 'deleted-on-discord', questionId: question.id, details: { text: question.text }, at });
      });
      logger.info({ guildId: question.guildId, questionId: question.id }, 'Q&A question deleted on Discord: marked deleted');
    },

    /** Resolves with the answer's question, whose message now shows one answer fewer; undefined if it was already gone. */
    async answer(answer: Answer): Promise<Question | undefined> {
      const question = await transaction(function* () {
        const at = timing.now();
        if (!answers.markDeleted(answer.id, at)) return undefined;
        answers.synced(answer.id, NEVER_SYNC);
        const parent = questions.requireById(answer.guildId, answer.questionId);
        if (parent.acceptedAnswerId === answer.id) questions.setAccepted(parent.id, null, at);
        questions.touch(parent.id, at, timing.handOffAt());
        reindexQuestion(questions, parent);
        yield* audit.record({ guildId: answer.guildId, actorId: DISCORD_ACTOR, action: 'answer-deleted-on-discord', questionId: parent.id, answerId: answer.id, details: { text: answer.text }, at });
        return parent;
      });
      if (question) logger.info({ guildId: answer.guildId, answerId: answer.id }, 'Q&A answer deleted on Discord: marked deleted');
      return question;
    },
  };
}

export type GoneMessages = ReturnType<typeof createGoneMessages>;

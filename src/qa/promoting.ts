import { UserError } from '../core/errors.js';
import type { KnowledgeEntry } from '../knowledge/entry.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { NO_NAMES, oneLine, plainLine, type MentionNames } from '../discord/text.js';
import type { AnswerStore } from './answer-store.js';
import type { AuditStore } from './audit-store.js';
import type { Access } from './access.js';
import type { QuestionStore } from './question-store.js';
import { requireModerator } from './rules.js';
import type { QaTiming } from './timing.js';
import type { Transaction } from './transaction.js';
import type { QaActor } from './types.js';

interface PromotingDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly audit: AuditStore;
  /** Server entries go through the knowledge-base service, never its store. */
  readonly knowledge: Pick<KnowledgeService, 'guildEntries' | 'addGuildEntry'>;
  readonly access: Pick<Access, 'requireQuestion'>;
  readonly transaction: Transaction;
  readonly timing: QaTiming;
}

const PROMOTED_TAG = 'community';

/**
 * Turns an accepted answer into a server-local knowledge-base entry: the question as title, the
 * answer as body, credited to its author. /ask and /cto find it in that server from then on, and
 * `npm run kb -- export-drafts` writes it out for maintainers.
 */
export function createPromoting({ questions, answers, audit, knowledge, access, transaction, timing }: PromotingDeps) {

  return {
    /** `names`: the server's, so a mention in the question reads as a name in the entry's title, which Discord shows as typed. */
    async promote(guildId: string, number: number, actor: QaActor, names: MentionNames = NO_NAMES): Promise<KnowledgeEntry> {
      requireModerator(actor);
      const question = access.requireQuestion(guildId, number, actor);
      if (question.promotedEntryId) {
        throw new UserError('qa.already-promoted', `#${number} is already in the knowledge base as \`${question.promotedEntryId}\`.`);
      }
      const answer = question.acceptedAnswerId !== null ? answers.byId(guildId, question.acceptedAnswerId) : undefined;
      if (!answer || answer.deletedAt) {
        throw new UserError('qa.no-accepted-answer', `#${number} has no accepted answer yet: accept one first, then promote it.`);
      }
      const id = `community-${number}`;
      const entry: KnowledgeEntry & { guildId: string } = {
        id,
        title: plainLine(question.text, 100, names),
        summary: plainLine(answer.text, 300, names),
        // Credited once, by the entry's author field ("Community answer: Written by …" under it), not in the body as well.
        body: answer.text.trim(),
        aliases: [oneLine(question.text, 100)],
        tags: [PROMOTED_TAG],
        related: [],
        guildId,
        authorId: answer.authorId,
      };
      if (knowledge.guildEntries(guildId).some((existing) => existing.id === id)) {
        throw new UserError('qa.already-promoted', `#${number} is already in the knowledge base as \`${id}\`.`);
      }
      // The knowledge base also indexes the entry in memory, so it is added outside a transaction that could roll back.
      const added = await knowledge.addGuildEntry(entry);
      await transaction(function* () {
        questions.setPromoted(question.id, id);
        yield* audit.record({ guildId, actorId: actor.userId, action: 'promote', questionId: question.id, answerId: answer.id, details: { entryId: id }, at: timing.now() });
      });
      return added;
    },
  };
}

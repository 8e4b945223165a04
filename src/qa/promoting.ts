import { UserError } from '../core/errors.js';
import type { KnowledgeEntry } from '../knowledge/entry.js';
import type { QaDeps } from './deps.js';
import type { Lookups } from './lookups.js';
import { oneLine } from '../discord/text.js';
import type { QaActor } from './types.js';

const PROMOTED_TAG = 'community';

/**
 * Turns an accepted answer into a server-local knowledge-base entry: the question as title, the
 * answer as body, credited to its author. /ask and /cto find it in that server from then on, and
 * `npm run kb -- export-drafts` writes it out for maintainers.
 */
export function createPromoting(deps: QaDeps, lookups: Lookups) {
  const { questions, answers, audit, knowledge } = deps;

  return {
    promote(guildId: string, number: number, actor: QaActor): KnowledgeEntry {
      lookups.requireModerator(actor);
      const question = lookups.requireQuestion(guildId, number, actor);
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
        title: oneLine(question.text, 100),
        summary: oneLine(answer.text, 300),
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
      knowledge.addGuildEntry(entry);
      const at = deps.now();
      questions.setPromoted(question.id, id);
      audit.record({ guildId, actorId: actor.userId, action: 'promote', questionId: question.id, answerId: answer.id, details: { entryId: id }, at });
      return entry;
    },
  };
}

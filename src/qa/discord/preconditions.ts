import type { Precondition } from '../../discord/preconditions.js';
import { idArg } from '../custom-ids.js';
import { qaActor } from './actor.js';

/**
 * Edit and Delete on an answer are its author's and the Q&A moderators': checked by the router before
 * any form or confirmation opens. The answer id comes from a custom_id, which can be crafted.
 */
export function answerAuthorOrModerator(what: 'edit' | 'delete'): Precondition {
  return {
    kind: 'resource',
    check({ interaction, context, customId }) {
      const parsed = idArg.safeParse(customId?.args ?? []);
      // A malformed id is the handler's to refuse as out of date.
      if (!parsed.success) return null;
      const actor = qaActor(interaction, context);
      const answer = context.qa.answerById(actor.guildId, parsed.data[0]);
      if (!answer || answer.deletedAt) return { identifier: 'qa.unknown-answer', message: 'That answer no longer exists.' };
      if (answer.authorId !== actor.userId && !actor.moderator) {
        return { identifier: 'qa.not-your-answer', message: `Only the member who wrote this answer (or a moderator) can ${what} it.` };
      }
      return null;
    },
  };
}

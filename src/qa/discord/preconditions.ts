import { isUserError } from '../../core/errors.js';
import type { Precondition } from '../../discord/preconditions.js';
import { idArg } from '../custom-ids.js';
import { qaActor } from './actor.js';

/**
 * Edit and Delete on an answer are its author's and the Q&A moderators': checked by the router before
 * any form or confirmation opens, by the rule the Q&A service applies (the answer id comes from a
 * custom_id, which can be crafted).
 */
export function answerAuthorOrModerator(what: 'edit' | 'delete'): Precondition<'qa' | 'moderation'> {
  return {
    kind: 'resource',
    async check({ interaction, context, customId }) {
      const parsed = idArg.safeParse(customId?.args ?? []);
      // A malformed id is the handler's to refuse as out of date.
      if (!parsed.success) return null;
      const actor = await qaActor(interaction, context);
      try {
        context.qa.answering.requireChangeable(actor.guildId, parsed.data[0], actor, what);
        return null;
      } catch (error) {
        if (isUserError(error)) return { identifier: error.identifier, message: error.message };
        throw error;
      }
    },
  };
}

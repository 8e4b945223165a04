import type { AutocompleteInteraction } from 'discord.js';
import { mentionNamesIn } from '../../discord/mention-names.js';
import type { QaContext } from './context.js';
import type { QaActor } from '../types.js';

/**
 * Choices for a focused `answer` option: the answers of the question picked in `id`. An
 * autocomplete carries the other options as they stand, crafted ones included, so `id` is used only
 * when it is a question number at all.
 */
export function answerChoicesFor(interaction: AutocompleteInteraction, context: QaContext, actor: QaActor & { guildId: string }, typed: string) {
  const id: unknown = interaction.options.getInteger('id');
  const number = typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
  return context.qa.finding.answerChoices(actor.guildId, number, typed, actor, mentionNamesIn(interaction.guild));
}

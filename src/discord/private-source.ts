import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import { UserError } from '../core/errors.js';

/**
 * Buttons that rewrite the message they are on (a list page, the "similar questions" prompt, a
 * confirmation) only ever live on the member's own private messages. A custom_id can be crafted onto
 * any message, so the message is checked before it is rewritten: a public post is never replaced.
 */
export function requirePrivateSource(interaction: MessageComponentInteraction): void {
  if (!interaction.message.flags.has(MessageFlags.Ephemeral)) {
    throw new UserError('component.stale', 'This button no longer works here. Run the command again.');
  }
}

/**
 * Whether a button may rewrite its message in place: a private message, or a public one that the
 * clicking member's own command created (a shared list paged by someone else would change under
 * everyone's eyes).
 */
export function mayRewriteMessage(interaction: MessageComponentInteraction): boolean {
  const { message } = interaction;
  return message.flags.has(MessageFlags.Ephemeral) || message.interactionMetadata?.user.id === interaction.user.id;
}

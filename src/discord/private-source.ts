import { MessageFlags, type MessageComponentInteraction } from 'discord.js';

/**
 * Whether a button may rewrite its message in place: a private message, or a public one that the
 * clicking member's own command created (a shared list paged by someone else would change under
 * everyone's eyes).
 */
export function mayRewriteMessage(interaction: MessageComponentInteraction): boolean {
  const { message } = interaction;
  return message.flags.has(MessageFlags.Ephemeral) || message.interactionMetadata?.user.id === interaction.user.id;
}

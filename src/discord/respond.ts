import {
  MessageFlags,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';

export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

type ReplyPayload = Omit<InteractionReplyOptions, 'flags' | 'fetchReply' | 'withResponse'> & {
  readonly ephemeral?: boolean;
};

/**
 * Answers an interaction whatever state it is in: the first reply, the edit of a deferred reply, or
 * a follow-up once replied. Pings nobody unless the payload names its own allowedMentions.
 */
export async function respond(interaction: RepliableInteraction, payload: ReplyPayload): Promise<void> {
  const { ephemeral = false, ...rest } = payload;
  const safe = { allowedMentions: NO_PINGS, ...rest };
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...safe, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
    return;
  }
  const awaitingDeferredReply = interaction.deferred && !interaction.replied && interaction.ephemeral != null;
  if (awaitingDeferredReply && interaction.ephemeral === ephemeral) {
    await interaction.editReply(safe as InteractionEditReplyOptions);
    return;
  }
  if (awaitingDeferredReply) {
    // A public "thinking…" cannot turn private: remove it, then answer privately (and vice versa).
    await interaction.deleteReply();
  }
  await interaction.followUp({ ...safe, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
}

/** A short private answer to the member who acted: errors, confirmations, refusals. */
export function respondPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  return respond(interaction, { content, ephemeral: true });
}

import { DiscordAPIError, RESTJSONErrorCodes, type MessageContextMenuCommandInteraction } from 'discord.js';
import { UserError } from '../core/errors.js';
import { checkedGuildId } from './permissions.js';

/** The message a message command (Apps → …) was used on, once checked against the server it came from. */
interface TargetMessage {
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string;
  readonly authorId: string;
  /** Written by a bot or a webhook (never a member to credit). */
  readonly authorIsBot: boolean;
  /** One of this bot's own messages. */
  readonly own: boolean;
  /** The full text: Discord sends it with the interaction whatever the bot's intents. */
  readonly text: string;
  /** The message it replies to, if any. */
  readonly repliedTo: string | null;
}

/**
 * The target of a message command, trusted only after checking: the resolved message must be in
 * the channel the interaction came from, that channel in the interaction's server (a crafted payload
 * can name a message of any server the bot is in), and the message must still exist on Discord (a
 * stale client can send a deleted one).
 */
export async function checkedTargetMessage(interaction: MessageContextMenuCommandInteraction): Promise<TargetMessage> {
  const guildId = checkedGuildId(interaction);
  const message = interaction.targetMessage;
  const elsewhere = new UserError('target.elsewhere', 'That message is not in this channel of this server. Use the Apps menu on a message where it was written.');
  if (message.id !== interaction.targetId || message.channelId !== interaction.channelId) throw elsewhere;
  const channel = await interaction.client.channels.fetch(message.channelId).catch(() => null);
  if (!channel || !('guildId' in channel) || channel.guildId !== guildId || !channel.isTextBased()) throw elsewhere;
  try {
    await channel.messages.fetch({ message: message.id, force: true, cache: false });
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) {
      throw new UserError('target.deleted', 'That message was deleted, so there is nothing to use it on.');
    }
    throw error;
  }
  return {
    guildId,
    channelId: message.channelId,
    messageId: message.id,
    authorId: message.author.id,
    authorIsBot: message.author.bot || message.webhookId !== null,
    own: message.author.id === interaction.client.user.id,
    text: message.content,
    repliedTo: message.reference?.messageId ?? null,
  };
}

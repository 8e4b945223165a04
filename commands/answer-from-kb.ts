import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, MessageFlags } from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { defineMessageCommand } from '../src/discord/command.js';
import { respond } from '../src/discord/respond.js';
import { checkedTargetMessage } from '../src/discord/target-message.js';
import { askButtonIds } from '../src/knowledge/discord/ask-buttons.js';
import { answerMessage, noAnswerMessage } from '../src/knowledge/render/messages.js';
import { discordLink } from '../src/qa/render/links.js';
import { deliveryNonce } from '../src/scheduling/nonce.js';

/**
 * Apps → Answer from the knowledge base: the bot replies to a member's message, publicly and pinging
 * nobody, with the entry /ask would give for its text; without a confident one it tells only the
 * member who asked, with the closest topics.
 */
export default defineMessageCommand({
  data: new ContextMenuCommandBuilder().setName('Answer from the knowledge base').setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild),
  uses: ['knowledge', 'poster'],

  async execute(interaction, { knowledge, poster }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const message = await checkedTargetMessage(interaction);
    if (message.own) throw new UserError('target.own-message', 'That is my own message: use Answer from the knowledge base on a member’s question.');
    if (!message.text.trim()) throw new UserError('kb.message-without-text', 'That message has no text to look up (only attachments or embeds).');
    const outcome = await knowledge.ask(message.text, { guildId: message.guildId, userId: interaction.user.id });
    const answer = outcome.answer;
    const ids = askButtonIds(outcome.questionId, answer?.entry.id);
    if (!answer) {
      const closest = outcome.nearMiss ? [outcome.nearMiss, ...outcome.hits.filter((hit) => hit.entry.id !== outcome.nearMiss?.entry.id)] : outcome.hits;
      return respond(interaction, { ...noAnswerMessage(message.text, closest, ids), ephemeral: true });
    }
    const reply = answerMessage(answer, knowledge.relatedTitles(answer.entry, message.guildId), ids, outcome.second);
    const posted = await poster.send(message.channelId, {
      ...reply,
      content: `📚 From the knowledge base, for <@${message.authorId}>'s message (asked by <@${interaction.user.id}>):`,
      message_reference: { message_id: message.messageId, fail_if_not_exists: true },
      allowed_mentions: { parse: [], replied_user: false },
      // Two members choosing it at once get one reply: Discord returns the first for the same nonce.
      nonce: deliveryNonce('kb-reply', message.guildId, message.messageId, answer.entry.id),
      enforce_nonce: true,
    });
    return respond(interaction, { content: `Replied with **${answer.entry.title}** · [see the reply](${discordLink(message.guildId, posted.channelId, posted.id)}).`, ephemeral: true });
  },
});

import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, MessageFlags } from 'discord.js';
import { defineMessageCommand } from '../src/discord/command.js';
import { respond } from '../src/discord/respond.js';
import { checkedTargetMessage } from '../src/discord/target-message.js';
import { qaActor } from '../src/qa/discord/actor.js';
import { currentChannelTarget } from '../src/qa/discord/post-target.js';
import { trackedConfirmation } from '../src/qa/discord/replies.js';
import { similarMessage } from '../src/qa/render/lists.js';

/**
 * Apps → Track as a question: a member's message anywhere in the server becomes a community
 * question asked by its author. Similar questions are shown first, as /question ask does; "Post
 * mine anyway" there tracks it.
 */
export default defineMessageCommand({
  data: new ContextMenuCommandBuilder().setName('Track as a question').setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild),
  uses: ['qa', 'moderation'],

  async execute(interaction, context) {
    const { qa } = context;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const actor = await qaActor(interaction, context);
    const message = await checkedTargetMessage(interaction);
    const trackable = await qa.asking.trackable(actor.guildId, actor.userId, message);
    if (trackable.kind === 'tracked') {
      return respond(interaction, { content: trackedConfirmation({ question: trackable.question, state: 'posted', again: true }), ephemeral: true });
    }
    await qa.settings.rememberGuildName(actor.guildId, interaction.guild?.name);
    const source = { channelId: message.channelId, messageId: message.messageId, authorId: message.authorId };
    const input = { guildId: actor.guildId, userId: actor.userId, text: trackable.text, anonymous: false, target: await qa.settings.questionChannel(actor.guildId) ?? currentChannelTarget(interaction), source };
    const similar = qa.asking.findSimilar(actor.guildId, trackable.text, actor.userId);
    // A racing track of the same message may have just posted it: that is not a similar question, it is this one.
    const same = similar.questions.find((card) => card.question.sourceMessageId === message.messageId);
    if (same) return respond(interaction, { content: trackedConfirmation({ question: same.question, state: 'posted', again: true }), ephemeral: true });
    if (similar.questions.length > 0) {
      const draftId = qa.asking.saveDraft(input);
      return respond(interaction, { ...similarMessage(trackable.text, similar.questions, similar.entry, draftId), ephemeral: true });
    }
    const result = await qa.asking.track({ ...input, invokerId: actor.userId });
    return respond(interaction, { content: trackedConfirmation(result), ephemeral: true });
  },
});

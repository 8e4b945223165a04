import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, MessageFlags } from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { defineMessageCommand } from '../src/discord/command.js';
import { respond } from '../src/discord/respond.js';
import { checkedTargetMessage } from '../src/discord/target-message.js';
import { qaActor } from '../src/qa/discord/actor.js';
import { acceptedMessageReply, forumTagNote } from '../src/qa/discord/replies.js';

/** Apps → Mark as answer: the asker (or a moderator) accepts a member's reply where it was written. */
export default defineMessageCommand({
  data: new ContextMenuCommandBuilder().setName('Mark as answer').setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild),
  uses: ['qa', 'moderation'],

  async execute(interaction, context) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const actor = await qaActor(interaction, context);
    await context.qa.settings.rememberGuildName(actor.guildId, interaction.guild?.name);
    const target = await checkedTargetMessage(interaction);
    const question = context.qa.finding.questionAt(actor.guildId, target);
    if (!question) {
      throw new UserError('qa.not-in-question', "That message is not in a tracked question's thread (nor a reply to a question). Mark as answer works on replies to a question; `Track as a question` tracks a new one.");
    }
    const accepted = await context.qa.answering.acceptMessage(actor.guildId, question.id, target, actor);
    return respond(interaction, { content: acceptedMessageReply(accepted) + forumTagNote(await context.qa.forum.tagProblem(actor.guildId, question.id)), ephemeral: true });
  },
});

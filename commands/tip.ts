import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { DeliveryError } from '../src/core/poster.js';
import { defineCommand } from '../src/discord/command.js';
import type { ContextOf } from '../src/discord/command-context.js';
import { parseCustomIdArgs, type CustomId } from '../src/discord/custom-id.js';
import { parseOptions } from '../src/discord/options.js';
import { guildOnly, onPrivateMessage } from '../src/discord/preconditions.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { TIP_CATEGORIES, TIP_CATEGORY_IDS } from '../src/tips/categories.js';
import { ANY_CATEGORY, TIP_ACTIONS, renderSavedTips, renderTipCard } from '../src/tips/render/tip.js';
import { tipSchema } from '../src/tips/tip-schema.js';

const categoryArg = z.enum([ANY_CATEGORY, ...TIP_CATEGORY_IDS]);
const tipIdArg = tipSchema.shape.id;
const randomSchema = z.object({ category: z.enum(TIP_CATEGORY_IDS).optional() });

/** Discord's error when a message already has a thread. */
const THREAD_ALREADY_CREATED = 160004;

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('tip')
    .setDescription('Leadership tips for tech leaders: today\'s, a random one, or the ones you saved.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((sub) => sub.setName('today').setDescription('Today\'s tip for this server: the one the daily post shares.'))
    .addSubcommand((sub) =>
      sub
        .setName('random')
        .setDescription('A random tip, from one category if you pick one.')
        .addStringOption((option) =>
          option
            .setName('category')
            .setDescription('Only tips about this')
            .addChoices(...TIP_CATEGORIES.map((category) => ({ name: category.label, value: category.id }))),
        ),
    )
    .addSubcommand((sub) => sub.setName('saved').setDescription('The tips you saved with the Save button (only you see them).')),

  uses: ['tips', 'poster'],
  requires: {
    components: {
      // Never on a public post such as the daily tip, whatever a crafted custom_id says.
      [TIP_ACTIONS.another]: [onPrivateMessage],
      [TIP_ACTIONS.discuss]: [guildOnly],
    },
  },

  async execute(interaction, { tips }) {
    switch (interaction.options.getSubcommand(true)) {
      case 'today':
        return respond(interaction, { ...renderTipCard(await tips.todaysTip(interaction.guildId), ANY_CATEGORY), ephemeral: true });
      case 'random': {
        const { category } = parseOptions(randomSchema, { category: interaction.options.getString('category') ?? undefined });
        return respond(interaction, { ...renderTipCard(tips.randomTip(category), category ?? ANY_CATEGORY), ephemeral: true });
      }
      case 'saved':
        return respond(interaction, { embeds: [renderSavedTips(await tips.savedTips(interaction.user.id))], ephemeral: true });
      default:
        throw new UserError('tip.unknown-subcommand', 'That option is not available any more. Try `/help`.');
    }
  },

  components: {
    async button(interaction, context, customId) {
      switch (customId.action) {
        case TIP_ACTIONS.another: {
          const [category, currentId] = parseCustomIdArgs(customId, z.tuple([categoryArg, tipIdArg]));
          const next = context.tips.randomTip(category === ANY_CATEGORY ? undefined : category, currentId);
          // The card is the member's own private message (declared below): the next tip replaces it.
          await interaction.update(renderTipCard(next, category));
          return;
        }
        case TIP_ACTIONS.save: {
          const [tipId] = parseCustomIdArgs(customId, z.tuple([tipIdArg]));
          const { tip, saved } = await context.tips.saveTip(interaction.user.id, tipId);
          const title = `**${tip.tip.title}**`;
          await respondPrivately(interaction, saved ? `Saved ${title}. \`/tip saved\` lists your saved tips.` : `You had already saved ${title}.`);
          return;
        }
        case TIP_ACTIONS.discuss:
          await discuss(interaction, context, customId);
          return;
        default:
          await respondPrivately(interaction, 'This button no longer works. Run `/tip` again.');
      }
    },
  },
});

/** Opens (or points to) the thread on the daily tip message. The thread id equals the message id. */
async function discuss(interaction: ButtonInteraction, { tips, poster }: ContextOf<'tips' | 'poster'>, customId: CustomId): Promise<void> {
  const [tipId] = parseCustomIdArgs(customId, z.tuple([tipIdArg]));
  const { message } = interaction;
  if (message.hasThread) {
    await respondPrivately(interaction, `The discussion is already open: <#${message.id}>`);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const title = tips.catalogue.get(tipId)?.tip.title ?? 'Daily tip';
  try {
    const { threadId } = await poster.startThread(message.channelId, message.id, title);
    await respondPrivately(interaction, `Thread started: <#${threadId}>. Share how you apply this tip.`);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.discordCode === THREAD_ALREADY_CREATED) {
      await respondPrivately(interaction, `The discussion is already open: <#${message.id}>`);
      return;
    }
    if (error.failure === 'forbidden') {
      throw new UserError('tip.threads-forbidden', 'I am not allowed to open threads in this channel (Create Public Threads). A moderator can grant it.');
    }
    throw error;
  }
}

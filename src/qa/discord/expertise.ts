import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { parseCustomIdArgs, type CustomId } from '../../discord/custom-id.js';
import { parseOptions } from '../../discord/options.js';
import { respond, respondPrivately } from '../../discord/respond.js';
import { escapeMarkdown } from '../../discord/text.js';
import { expertStopArgs } from '../custom-ids.js';
import { expertiseReply } from '../render/experts.js';
import { actorOf } from '../../discord/actor.js';
import type { QaContext } from './context.js';

const topic = z.string().trim().toLowerCase().min(1).max(100);
const expertiseSchema = z.object({ add: topic.optional(), remove: topic.optional() });

/** /qa expertise [add] [remove]: everything private; without options it shows the member's topics. */
export async function runExpertise(interaction: ChatInputCommandInteraction, { qa }: Pick<QaContext, 'qa'>): Promise<void> {
  const { guildId, userId } = actorOf(interaction);
  const { add, remove } = parseOptions(expertiseSchema, { add: interaction.options.getString('add') ?? undefined, remove: interaction.options.getString('remove') ?? undefined });
  const done: string[] = [];
  if (add) done.push((await qa.experts.addTopic(guildId, userId, add)).added ? `Added \`${add}\`.` : `You already follow \`${add}\`.`);
  if (remove) done.push((await qa.experts.removeTopic(guildId, userId, remove)).removed ? `Removed \`${remove}\`.` : `You did not follow \`${remove}\`.`);
  const reply = expertiseReply(guildId, userId, qa.experts.topics(guildId, userId), qa.experts.availableTopics(guildId), done.join(' ') || undefined);
  await respond(interaction, { ...reply, ephemeral: true });
}

/** Choices as the member types: `add` offers the server's topics they do not follow yet, `remove` theirs. */
export function expertiseChoices(interaction: AutocompleteInteraction, { qa }: Pick<QaContext, 'qa'>, option: 'add' | 'remove', typed: string): ApplicationCommandOptionChoiceData[] {
  const { guildId, userId } = actorOf(interaction);
  const mine = qa.experts.topics(guildId, userId);
  const pool = option === 'add' ? qa.experts.availableTopics(guildId).filter((name) => !mine.includes(name)) : mine;
  const needle = typed.trim().toLowerCase();
  return pool
    .filter((name) => name.includes(needle))
    .sort((a, b) => Number(!b.startsWith(needle)) - Number(!a.startsWith(needle)) || a.localeCompare(b))
    .slice(0, 25)
    .map((name) => ({ name, value: name }));
}

/**
 * "Stop expert notifications", on a DM or the /qa expertise reply: the server and the member come
 * from the custom_id (a DM has no server), and only that member's click counts.
 */
export async function stopExpertNotifications(interaction: ButtonInteraction, { qa }: Pick<QaContext, 'qa'>, customId: CustomId): Promise<void> {
  const [guildId, userId] = parseCustomIdArgs(customId, expertStopArgs);
  if (userId !== interaction.user.id || (interaction.inGuild() && interaction.guildId !== guildId)) {
    throw new UserError('component.not-yours', 'This button was made for someone else, or another server.');
  }
  const removed = await qa.experts.optOut(guildId, userId);
  const name = (await qa.settings.get(guildId)).guildName;
  const where = name ? ` from **${escapeMarkdown(name)}**` : '';
  await respondPrivately(
    interaction,
    removed > 0
      ? `Stopped: you follow no topics any more and get no expert notifications${where}. \`/qa expertise add:\` in the server opts you back in.`
      : `You get no expert notifications${where}. \`/qa expertise add:\` in the server opts you in.`,
  );
}

import { PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder, type SlashCommandSubcommandGroupBuilder } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { actorOf } from '../../discord/actor.js';
import type { ContextOf } from '../../discord/command-context.js';
import { button, ButtonStyle, row } from '../../discord/components.js';
import { encodeCustomId, parseCustomIdArgs, type CustomId } from '../../discord/custom-id.js';
import { parseOptions } from '../../discord/options.js';
import { respond, respondPrivately, NO_PINGS } from '../../discord/respond.js';
import { inline } from '../../discord/text.js';
import type { WebService } from '../service.js';
import type { ExclusionKind } from '../site-store.js';

/**
 * `/qa web …`: the community site's switches. Moderators preview, publish (after seeing the preview,
 * with a Publish button), take it down and exclude pages; every member chooses whether the site shows
 * their name. The command module (commands/qa.ts) adds the group and routes here.
 */

type WebContext = ContextOf<'web' | 'moderation'>;

export const WEB_GROUP = 'web';
/** The group's subcommands only moderators may use (`/qa web name` is every member's own choice). */
export const WEB_MODERATOR_SUBCOMMANDS = ['web preview', 'web enable', 'web disable', 'web exclude', 'web include'] as const;
export const WebAction = { publish: 'web-publish', cancel: 'web-cancel' } as const;
/** A preview's Publish button works this long. */
const PUBLISH_WINDOW_MS = 10 * 60_000;

const slugOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) => option.setName('slug').setDescription('The path: /c/<slug>/ (default: from the server name)').setMinLength(2).setMaxLength(40));
const targetOptions = (sub: SlashCommandSubcommandBuilder) =>
  sub
    .addIntegerOption((option) => option.setName('id').setDescription('A question (its number)').setMinValue(1).setAutocomplete(true))
    .addStringOption((option) => option.setName('entry').setDescription("An entry of this server's knowledge base (its id)").setMaxLength(100));

export function webGroup(group: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder {
  return group
    .setName(WEB_GROUP)
    .setDescription('The community site: accepted answers on the web.')
    .addSubcommand((sub) => slugOption(sub.setName('preview').setDescription('What the site would make public (changes nothing).')))
    .addSubcommand((sub) => slugOption(sub.setName('enable').setDescription('Publish the site, after a preview.')))
    .addSubcommand((sub) => sub.setName('disable').setDescription('Take every page down at once.'))
    .addSubcommand((sub) => targetOptions(sub.setName('exclude').setDescription('Keep a question or entry off the site.')))
    .addSubcommand((sub) => targetOptions(sub.setName('include').setDescription('Put an excluded question or entry back.')))
    .addSubcommand((sub) =>
      sub
        .setName('name')
        .setDescription('Show your name on the site, or "a member".')
        .addStringOption((option) => option.setName('mode').setDescription('on: your display name; off: "a member"').setRequired(true).addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' })),
    );
}

const schemas = {
  slug: z.object({ slug: z.string().trim().toLowerCase().optional() }),
  target: z
    .object({ id: z.number().int().min(1).max(999_999_999).optional(), entry: z.string().trim().regex(/^[\w.-]{1,100}$/, 'Entry ids are letters, digits, dots and dashes.').optional() })
    .refine((value) => (value.id === undefined) !== (value.entry === undefined), 'Name one question (`id:`) or one entry (`entry:`).'),
  name: z.object({ mode: z.enum(['on', 'off']) }),
};
const publishArgs = z.tuple([z.string().regex(/^[a-z0-9-]{2,40}$/), z.string().regex(/^[0-9a-z]{1,12}$/)]);

async function actor(interaction: ChatInputCommandInteraction | ButtonInteraction, context: WebContext) {
  const who = actorOf(interaction);
  return { guildId: who.guildId, userId: who.userId, moderator: await context.moderation.isModerator(who, PermissionFlagsBits.ManageMessages) };
}

const guildName = (interaction: ChatInputCommandInteraction | ButtonInteraction) => interaction.guild?.name ?? 'Community';

function previewText(web: WebService, preview: Awaited<ReturnType<WebService['settings']['preview']>>, live: boolean): string {
  const where = web.homeUrl(preview.slug) ?? `/c/${preview.slug}/`;
  const lines = [
    live ? `**The community site is on** at ${where}. It shows:` : `**Preview of the community site.** Nothing is public yet. Publishing puts these on the web at ${where}:`,
    `• ${preview.questions} answered ${preview.questions === 1 ? 'question' : 'questions'} (posted, with an accepted answer, not closed)${preview.sampleQuestions.length > 0 ? `, such as ${preview.sampleQuestions.slice(0, 3).map((line) => `#${line.number} "${inline(line.text, 60)}"${live ? ` ${web.questionUrl(preview.slug, line.number, line.text) ?? ''}` : ''}`).join(', ')}` : ''}, with all their answers;`,
    `• ${preview.entries} of this server's own knowledge-base ${preview.entries === 1 ? 'entry' : 'entries'} (from \`/qa promote\`)${preview.sampleEntries.length > 0 ? `, such as ${preview.sampleEntries.slice(0, 3).map((entry) => `\`${entry.id}\``).join(', ')}` : ''}.`,
    '• Members appear as "a member" unless they run `/qa web name mode: on`; anonymous questions stay anonymous; mentions never show ids.',
  ];
  if (preview.excluded.length > 0) lines.push(`• Kept off: ${preview.excluded.map((item) => (item.kind === 'question' ? `#${item.target}` : `\`${item.target}\``)).join(', ')}.`);
  lines.push('`/qa web exclude` keeps any question or entry off; `/qa web disable` takes everything down at the next request.');
  return lines.join('\n');
}

/** `/qa web <sub>`. */
export async function runWeb(interaction: ChatInputCommandInteraction, context: WebContext): Promise<void> {
  const { web } = context;
  const who = await actor(interaction, context);
  const subcommand = interaction.options.getSubcommand(true);
  const options = <T extends z.ZodType>(schema: T) =>
    parseOptions(schema, {
      slug: interaction.options.getString('slug') ?? undefined,
      id: interaction.options.getInteger('id') ?? undefined,
      entry: interaction.options.getString('entry') ?? undefined,
      mode: interaction.options.getString('mode') ?? undefined,
    });
  switch (subcommand) {
    case 'name': {
      const { mode } = options(schemas.name);
      const member = interaction.member;
      const shown = member && 'displayName' in member ? member.displayName : (member?.nick ?? interaction.user.globalName ?? interaction.user.username);
      await web.settings.setPublicName(who.guildId, who.userId, mode === 'on' ? shown : null);
      return respondPrivately(
        interaction,
        mode === 'on'
          ? `The community site now shows your answers and questions as **${inline(shown, 80)}** (your display name now; run this again after changing it). \`/qa web name mode: off\` turns it back to "a member" at once.`
          : 'The community site shows you as "a member" again, from the next page load. Anonymous questions were never named.',
      );
    }
    case 'preview': {
      const { slug } = options(schemas.slug);
      const preview = await web.settings.preview(who.guildId, guildName(interaction), who, slug);
      return respondPrivately(interaction, previewText(web, preview, (await web.settings.site(who.guildId))?.enabled === true));
    }
    case 'enable': {
      const { slug } = options(schemas.slug);
      const preview = await web.settings.preview(who.guildId, guildName(interaction), who, slug);
      const issued = context.web.now().getTime().toString(36);
      return respond(interaction, {
        content: previewText(web, preview, false),
        components: [row(button(encodeCustomId('qa', WebAction.publish, preview.slug, issued), 'Publish', ButtonStyle.Success), button(encodeCustomId('qa', WebAction.cancel), 'Cancel', ButtonStyle.Secondary))],
        ephemeral: true,
      });
    }
    case 'disable':
      return respondPrivately(interaction, (await web.settings.disable(who.guildId, who)) ? 'The community site is off: every page of this server answers "not found" from the next request. `/qa web enable` puts it back at the same address.' : 'The community site is not on.');
    case 'exclude':
    case 'include': {
      const { id, entry } = options(schemas.target);
      const kind: ExclusionKind = id !== undefined ? 'question' : 'entry';
      const target = id !== undefined ? String(id) : (entry ?? '');
      const label = kind === 'question' ? `#${target}` : `\`${target}\``;
      if (subcommand === 'exclude') {
        const changed = await web.settings.exclude(who.guildId, who, kind, target);
        return respondPrivately(interaction, changed ? `${label} is kept off the community site: its page answers "gone" from the next request.` : `${label} was already kept off the community site.`);
      }
      const changed = await web.settings.include(who.guildId, who, kind, target);
      return respondPrivately(interaction, changed ? `${label} may be on the community site again (when it is published: answered, not closed).` : `${label} was not excluded.`);
    }
    default:
      throw new UserError('web.unknown-subcommand', 'That option is not available any more. Try `/help`.');
  }
}

/** The preview's Publish and Cancel buttons. */
export async function webButton(interaction: ButtonInteraction, context: WebContext, customId: CustomId): Promise<void> {
  if (customId.action === WebAction.cancel) {
    await interaction.update({ content: 'Cancelled: nothing is public.', components: [], allowedMentions: NO_PINGS });
    return;
  }
  const [slug, issued] = parseCustomIdArgs(customId, publishArgs);
  const age = context.web.now().getTime() - parseInt(issued, 36);
  if (!(age >= 0 && age <= PUBLISH_WINDOW_MS)) throw new UserError('web.preview-expired', 'This preview has expired (they last 10 minutes). Run `/qa web enable` again to see what would be public now.');
  const who = await actor(interaction, context);
  const site = await context.web.settings.enable(who.guildId, guildName(interaction), who, slug);
  const preview = await context.web.settings.preview(who.guildId, guildName(interaction), who, site.slug);
  await interaction.update({ content: previewText(context.web, preview, true), components: [], allowedMentions: NO_PINGS });
}

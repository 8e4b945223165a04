import { MessageFlags, type AnySelectMenuInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { encodeCustomId, parseCustomIdArgs, positiveIntArg, type CustomId } from '../../discord/custom-id.js';
import { memberText, parseOptions, textField } from '../../discord/options.js';
import { checkedGuildId } from '../../discord/permissions.js';
import { onPrivateMessage, type Precondition } from '../../discord/preconditions.js';
import { NO_PINGS, respond } from '../../discord/respond.js';
import { inline } from '../../discord/text.js';
import { DRAFT_BODY, draftEntryModal, otherTopicModal, REVIEW_FIELDS, reviewMessage, type ReviewIds } from '../render/review.js';
import { entryIdSchema } from '../schema.js';
import type { KnowledgeService } from '../service.js';

/** What the knowledge base's Discord glue uses: its own service (/kb declares it in `uses`). */
interface KnowledgeContext {
  readonly knowledge: KnowledgeService;
}

/** /kb review's component actions (the second part of their custom_ids). */
const REVIEW_ACTIONS = {
  page: 'rv-page',
  alias: 'rv-alias',
  other: 'rv-other',
  otherForm: 'rv-other-form',
  draft: 'rv-draft',
  draftForm: 'rv-draft-form',
  dismiss: 'rv-dismiss',
} as const;

const ids: ReviewIds = {
  page: (page) => encodeCustomId('kb', REVIEW_ACTIONS.page, page),
  alias: (groupId, page) => encodeCustomId('kb', REVIEW_ACTIONS.alias, groupId, page),
  other: (groupId, page) => encodeCustomId('kb', REVIEW_ACTIONS.other, groupId, page),
  draft: (groupId, page) => encodeCustomId('kb', REVIEW_ACTIONS.draft, groupId, page),
  dismiss: (groupId, page) => encodeCustomId('kb', REVIEW_ACTIONS.dismiss, groupId, page),
};

/**
 * Buttons and menus that rewrite the review list only work on the moderator's own private list.
 * The forms are checked when they come back (a crafted form names any message).
 */
export const REVIEW_REQUIRES: Readonly<Record<string, readonly Precondition[]>> = {
  [REVIEW_ACTIONS.page]: [onPrivateMessage],
  [REVIEW_ACTIONS.alias]: [onPrivateMessage],
  [REVIEW_ACTIONS.other]: [onPrivateMessage],
  [REVIEW_ACTIONS.draft]: [onPrivateMessage],
  [REVIEW_ACTIONS.dismiss]: [onPrivateMessage],
};

const pageArgs = z.tuple([positiveIntArg]);
/** Every group action names the group (its first signal's id, checked against this server) and the page it was on. */
const groupArgs = z.tuple([positiveIntArg, positiveIntArg]);

const topicField = memberText({ min: 2, max: 100, tooShort: 'Type a topic id or a few words of it.', tooLong: 'Type a topic id or a few words of it.' });
const draftFields = z.object({
  title: memberText({ min: 5, max: 100, tooShort: 'Give the entry a title of at least 5 characters.', tooLong: 'Keep the title under 100 characters.' }),
  body: memberText({ min: DRAFT_BODY.min, max: DRAFT_BODY.max, tooShort: `Write an answer of at least ${DRAFT_BODY.min} characters.`, tooLong: `Keep the answer under ${DRAFT_BODY.max} characters.` }),
});

async function render(context: KnowledgeContext, guildId: string, page: number, notice?: string) {
  return { ...reviewMessage(await context.knowledge.review.page(guildId, page), ids, notice), allowedMentions: NO_PINGS };
}

/** `/kb review`: the first group waiting, privately. */
export async function runReview(interaction: ChatInputCommandInteraction, context: KnowledgeContext): Promise<void> {
  const guildId = checkedGuildId(interaction);
  await respond(interaction, { ...(await render(context, guildId, 1)), ephemeral: true });
}

/** Rewrites the private list the action came from; a form sent on any other message gets its own private copy. */
async function show(interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, message: Awaited<ReturnType<typeof render>>): Promise<void> {
  if (interaction.isModalSubmit() && !(interaction.isFromMessage() && interaction.message.flags.has(MessageFlags.Ephemeral))) {
    await respond(interaction, { ...message, ephemeral: true });
    return;
  }
  await interaction.update(message);
}

const aliasNotice = (result: { entry: { title: string }; wordings: string[] }) =>
  `✅ ${result.wordings.map((wording) => `“${inline(wording, 100)}”`).join(', ')} now ${result.wordings.length === 1 ? 'answers' : 'answer'} with **${inline(result.entry.title, 100)}** in this server.`;

export const reviewComponents = {
  async button(interaction: ButtonInteraction, context: KnowledgeContext, customId: CustomId): Promise<unknown> {
    const guildId = checkedGuildId(interaction);
    const { review } = context.knowledge;
    switch (customId.action) {
      case REVIEW_ACTIONS.page: {
        const [page] = parseCustomIdArgs(customId, pageArgs);
        return show(interaction, await render(context, guildId, page));
      }
      case REVIEW_ACTIONS.other: {
        const [groupId, page] = parseCustomIdArgs(customId, groupArgs);
        await review.group(guildId, groupId);
        return interaction.showModal(otherTopicModal(encodeCustomId('kb', REVIEW_ACTIONS.otherForm, groupId, page)));
      }
      case REVIEW_ACTIONS.draft: {
        const [groupId, page] = parseCustomIdArgs(customId, groupArgs);
        const group = await review.group(guildId, groupId);
        return interaction.showModal(draftEntryModal(encodeCustomId('kb', REVIEW_ACTIONS.draftForm, groupId, page), group.wordings[0]?.text ?? ''));
      }
      case REVIEW_ACTIONS.dismiss: {
        const [groupId, page] = parseCustomIdArgs(customId, groupArgs);
        const dismissed = await review.dismiss(guildId, groupId);
        return show(interaction, await render(context, guildId, page, `Dismissed “${inline(dismissed.wordings[0]?.text ?? '', 100)}” (${dismissed.counts.total}×).`));
      }
      default:
        return stale(customId);
    }
  },

  async select(interaction: AnySelectMenuInteraction, context: KnowledgeContext, customId: CustomId): Promise<unknown> {
    if (customId.action !== REVIEW_ACTIONS.alias || !interaction.isStringSelectMenu()) return stale(customId);
    const guildId = checkedGuildId(interaction);
    const [groupId, page] = parseCustomIdArgs(customId, groupArgs);
    const [entryId] = parseCustomIdArgs({ ...customId, args: interaction.values }, z.tuple([entryIdSchema]));
    const added = await context.knowledge.review.addAlias(guildId, groupId, entryId, interaction.user.id);
    return show(interaction, await render(context, guildId, page, aliasNotice(added)));
  },

  async modal(interaction: ModalSubmitInteraction, context: KnowledgeContext, customId: CustomId): Promise<unknown> {
    const guildId = checkedGuildId(interaction);
    const { review } = context.knowledge;
    const [groupId, page] = parseCustomIdArgs(customId, groupArgs);
    switch (customId.action) {
      case REVIEW_ACTIONS.otherForm: {
        const typed = parseOptions(z.object({ topic: topicField }), { topic: textField(interaction, REVIEW_FIELDS.topic) }).topic;
        await review.group(guildId, groupId);
        const entry = review.findEntry(guildId, typed);
        const added = await review.addAlias(guildId, groupId, entry.id, interaction.user.id);
        return show(interaction, await render(context, guildId, page, aliasNotice(added)));
      }
      case REVIEW_ACTIONS.draftForm: {
        const draft = parseOptions(draftFields, { title: textField(interaction, REVIEW_FIELDS.title), body: textField(interaction, REVIEW_FIELDS.body) });
        const entry = await review.draftEntry(guildId, groupId, draft, interaction.user.id);
        const notice = `✅ New server entry **${inline(entry.title, 100)}** (\`${entry.id}\`): its questions now answer with it here. \`npm run kb -- export-drafts\` hands it to the maintainers.`;
        return show(interaction, await render(context, guildId, page, notice));
      }
      default:
        return stale(customId);
    }
  },
};

function stale(_customId: CustomId): never {
  throw new UserError('component.stale', 'This button no longer works. Run `/kb review` again.');
}

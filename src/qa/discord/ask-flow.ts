import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { QaContext } from './context.js';
import { respond } from '../../discord/respond.js';
import { similarMessage } from '../render/lists.js';
import { mentionNamesIn } from '../../discord/mention-names.js';
import { questionText } from '../text-rules.js';
import { qaActor } from './actor.js';
import { currentChannelTarget } from './post-target.js';
import { askedReply } from './replies.js';

interface AskRequest {
  readonly text: string;
  readonly anonymous: boolean;
  /** The /ask question this came from ("Ask the community"). */
  readonly kbQuestionId?: number | null;
}

/**
 * Asking, from /question ask or "Ask the community": refuse early when over the limit, then show
 * similar earlier questions (and the knowledge base) with "That answers it" / "Post mine anyway",
 * or post at once when there are none. Everything the member sees here is private.
 */
export async function startAsk(interaction: RepliableInteraction, context: QaContext, request: AskRequest): Promise<void> {
  const { qa } = context;
  const actor = await qaActor(interaction, context);
  const text = questionText(request.text);
  await qa.asking.checkLimit(actor.guildId, actor.userId);
  await qa.settings.rememberGuildName(actor.guildId, interaction.guild?.name);
  const target = await qa.settings.questionChannel(actor.guildId) ?? currentChannelTarget(interaction);
  // Posting calls Discord: answer "thinking…" (privately) first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const input = { guildId: actor.guildId, userId: actor.userId, text, anonymous: request.anonymous, target, kbQuestionId: request.kbQuestionId ?? null };
  const similar = qa.asking.findSimilar(actor.guildId, text, actor.userId);
  if (similar.questions.length > 0 || similar.entry) {
    const draftId = qa.asking.saveDraft(input);
    await respond(interaction, { ...similarMessage(text, similar.questions, similar.entry, draftId, mentionNamesIn(interaction.guild)), ephemeral: true });
    return;
  }
  await respond(interaction, { content: askedReply(await qa.asking.ask(input)), ephemeral: true });
}

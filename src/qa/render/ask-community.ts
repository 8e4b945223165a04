import { button, ButtonStyle, row } from '../../discord/components.js';
import { NO_NAMES, plainLine, type MentionNames } from '../../discord/text.js';
import type { KnowledgeEntry } from '../../knowledge/entry.js';
import type { KnowledgeButtonIds, RenderedMessage } from '../../knowledge/render/messages.js';
import { communityAnswerPlace, type CommunityAnswer } from '../finding.js';
import { communityAnswerEmbed } from './community-answer.js';

/**
 * /ask with the community's accepted answer, where communityAnswerPlace (the Q&A rule) puts it; when it
 * replaces the knowledge-base entry, the entry stays one click away.
 */
export function withCommunityAnswer(
  message: RenderedMessage,
  input: { community: CommunityAnswer | null; kb: { entry: KnowledgeEntry; score: number } | null; ids: KnowledgeButtonIds; names?: MentionNames },
): RenderedMessage {
  const { community, kb, ids, names = NO_NAMES } = input;
  if (!community) return message;
  const embed = communityAnswerEmbed(community, names);
  const place = communityAnswerPlace(community, kb);
  if (!kb || place === 'alone') return { embeds: [embed, ...message.embeds.slice(1)], components: message.components };
  if (place === 'after') return { embeds: [...message.embeds, embed], components: message.components };
  return {
    embeds: [embed],
    components: [row(button(ids.open(kb.entry.id), plainLine(`Knowledge base: ${kb.entry.title}`, 80, names)), button(ids.community, 'Ask the community', ButtonStyle.Primary))],
  };
}

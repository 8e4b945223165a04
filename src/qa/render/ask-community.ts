import { button, ButtonStyle, row } from '../../discord/components.js';
import { truncate } from '../../discord/text.js';
import type { KnowledgeEntry } from '../../knowledge/entry.js';
import type { KnowledgeButtonIds, RenderedMessage } from '../../knowledge/render/messages.js';
import type { CommunityAnswer } from '../finding.js';
import { communityAnswerEmbed } from './community-answer.js';

/** Below this a community answer may follow the knowledge-base entry, never replace it. */
const REPLACES_FROM = 0.6;

/**
 * /ask with the community's accepted answers: shown after the knowledge-base entry, or instead of it
 * when the community's question matches the asked one better than the entry does (both scores are
 * 0–1: the entry's confidence, the questions' word overlap). The entry stays one click away.
 */
export function withCommunityAnswer(
  message: RenderedMessage,
  input: { community: CommunityAnswer | null; kb: { entry: KnowledgeEntry; score: number } | null; ids: KnowledgeButtonIds },
): RenderedMessage {
  const { community, kb, ids } = input;
  if (!community) return message;
  const embed = communityAnswerEmbed(community);
  if (!kb) return { embeds: [embed, ...message.embeds.slice(1)], components: message.components };
  if (community.score < REPLACES_FROM || community.score <= kb.score) return { embeds: [...message.embeds, embed], components: message.components };
  return {
    embeds: [embed],
    components: [row(button(ids.open(kb.entry.id), truncate(`Knowledge base: ${kb.entry.title}`, 80)), button(ids.community, 'Ask the community', ButtonStyle.Primary))],
  };
}

import type { APIEmbed } from 'discord-api-types/v10';
import { button, ButtonStyle, row, stringSelect, type Row } from '../../discord/components.js';
import { body, inline, joinWithin, NO_NAMES, oneLine, plainLine, truncate, type MentionNames } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR } from '../../discord/theme.js';
import type { KnowledgeEntry } from '../entry.js';
import type { SearchHit } from '../search.js';

/** A message as plain Discord JSON: usable by interaction replies and by the REST poster alike. */
export interface RenderedMessage {
  readonly embeds: APIEmbed[];
  readonly components: Row[];
}

/** custom_ids the /ask and /cto messages use; the command modules route them back. */
export interface KnowledgeButtonIds {
  readonly helpful: string;
  readonly unhelpful: string;
  readonly more: string;
  readonly community: string;
  readonly open: (entryId: string) => string;
  /** "Did you mean …?": shows that entry as the answer to the logged question. */
  readonly didYouMean?: (entryId: string) => string;
}

/**
 * The full entry: title, answer, related topics, source and how it was found. A server's promoted
 * entries are member text (a question as title, an answer as body), so they are rendered as such.
 */
export function entryEmbed(entry: KnowledgeEntry, relatedTitles: readonly string[], footer: string): APIEmbed {
  const fields = [];
  if (relatedTitles.length > 0) fields.push({ name: 'Related', value: joinWithin(relatedTitles.map((title) => inline(title, 100)), 1024, ' · ') });
  if (entry.source) fields.push({ name: 'Source', value: truncate(`[${entry.source.title}](${entry.source.url})`, 1024) });
  if (entry.guildId && entry.authorId) fields.push({ name: 'Community answer', value: `Written by <@${entry.authorId}>` });
  return {
    // Embed titles show no links: a title is cut, never escaped.
    title: oneLine(entry.title, 256),
    description: body(entry.body, 4096),
    color: BRAND_COLOR,
    fields,
    footer: { text: truncate(footer, 2048) },
  };
}

function answerFooter(hit: SearchHit): string {
  const confidence = Math.round(Math.min(hit.score, 1) * 100);
  return `Matched "${hit.signals.phrase}" · confidence ${confidence}% · /cto list for all topics`;
}

/**
 * The /ask reply: the answer plus Helpful, Not helpful, More like this and Ask the community; a
 * question that also asks about a second topic gets that topic offered under the answer.
 */
export function answerMessage(hit: SearchHit, relatedTitles: readonly string[], ids: KnowledgeButtonIds, second?: SearchHit | null): RenderedMessage {
  const embed = entryEmbed(hit.entry, relatedTitles, answerFooter(hit));
  if (second) embed.fields = [{ name: 'You also asked about', value: inline(second.entry.title, 256) }, ...(embed.fields ?? [])];
  return {
    embeds: [embed],
    components: [
      row(
        button(ids.helpful, 'Helpful', ButtonStyle.Success),
        button(ids.unhelpful, 'Not helpful'),
        button(ids.more, 'More like this'),
        button(ids.community, 'Ask the community', ButtonStyle.Primary),
      ),
      ...(second ? [row(button(ids.open(second.entry.id), `Also: ${oneLine(second.entry.title, 70)}`))] : []),
    ],
  };
}

/**
 * A near miss: the closest topic is just under the confidence threshold. Rather than a dead end,
 * one click shows it ("Did you mean …?"), and the community is still a click away.
 */
export function didYouMeanMessage(question: string, nearMiss: SearchHit, ids: KnowledgeButtonIds & { didYouMean: (entryId: string) => string }): RenderedMessage {
  return {
    embeds: [
      {
        title: oneLine(`Did you mean: ${nearMiss.entry.title}`, 256),
        description: [
          `I'm not sure I understood **${inline(question, 300)}**, but this topic is close:`,
          `> ${inline(nearMiss.entry.summary, 600)}`,
          '',
          'Show it with one click, or ask the community.',
        ].join('\n'),
        color: MUTED_COLOR,
      },
    ],
    components: [
      row(
        button(ids.didYouMean(nearMiss.entry.id), `Yes, show: ${oneLine(nearMiss.entry.title, 60)}`, ButtonStyle.Success),
        button(ids.community, 'Ask the community', ButtonStyle.Primary),
      ),
    ],
  };
}

/** What a probe, a greeting or a lone word gets: a short private hint, not an answer. */
export function notAQuestionMessage(): string {
  return [
    "That doesn't look like a question I can answer.",
    'Ask about the CTO role in your own words, for example `/ask question: how do I manage tech debt?`, or browse every topic with `/cto list`.',
  ].join(' ');
}

/** The honest "I don't know": the closest topics as buttons and a way to ask the community. */
export function noAnswerMessage(question: string, closest: readonly SearchHit[], ids: KnowledgeButtonIds): RenderedMessage {
  const suggestions = closest.slice(0, 3);
  const lines = [
    `I don't have a good answer to **${inline(question, 300)}** in the knowledge base.`,
    '',
    suggestions.length > 0
      ? 'These topics are the closest I have. Or ask the community: members who have been there can answer.'
      : 'Ask the community: members who have been there can answer. `/cto list` shows every topic I know.',
  ];
  return {
    embeds: [{ title: 'No confident answer', description: lines.join('\n'), color: MUTED_COLOR }],
    components: [
      ...(suggestions.length > 0 ? [row(...suggestions.map((hit) => button(ids.open(hit.entry.id), oneLine(hit.entry.title, 80))))] : []),
      row(button(ids.community, 'Ask the community', ButtonStyle.Primary)),
    ],
  };
}

/** Compact cards for "More like this": title and summary, each with a button to open it. */
export function moreLikeThisMessage(hits: readonly SearchHit[], ids: Pick<KnowledgeButtonIds, 'open'>): RenderedMessage {
  if (hits.length === 0) {
    return { embeds: [{ description: 'Nothing else comes close. Try `/cto list` to browse every topic.', color: MUTED_COLOR }], components: [] };
  }
  return {
    embeds: hits.map((hit) => ({ title: oneLine(hit.entry.title, 256), description: inline(hit.entry.summary, 1000), color: BRAND_COLOR })),
    components: [row(...hits.map((hit) => button(ids.open(hit.entry.id), `Open: ${oneLine(hit.entry.title, 70)}`)))],
  };
}

export interface TopicPage {
  readonly entries: readonly KnowledgeEntry[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly tag: string | undefined;
}

const TOPICS_PER_PAGE = 10;

export function paginate(entries: readonly KnowledgeEntry[], requestedPage: number, tag: string | undefined): TopicPage {
  const pages = Math.max(1, Math.ceil(entries.length / TOPICS_PER_PAGE));
  const page = Math.min(Math.max(requestedPage, 1), pages);
  return { entries: entries.slice((page - 1) * TOPICS_PER_PAGE, page * TOPICS_PER_PAGE), page, pages, total: entries.length, tag };
}

/** One page of /cto list: the titles with a one-line summary, page buttons and a select to open one. */
export function topicListMessage(
  topicPage: TopicPage,
  ids: { page: (page: number) => string; select: string },
  names: MentionNames = NO_NAMES,
): RenderedMessage {
  const { entries, page, pages, total, tag } = topicPage;
  const lines = entries.map((entry) => `**${inline(entry.title, 100)}**\n${inline(entry.summary, 140)}`);
  const rows: Row[] = [];
  if (entries.length > 0) {
    rows.push(
      row(
        stringSelect(
          ids.select,
          'Open a topic…',
          // A server's own entries are member text; menu labels show mentions as typed, so they are named.
          entries.map((entry) => ({ label: plainLine(entry.title, 100, names), value: entry.id, description: plainLine(entry.summary, 100, names) })),
        ),
      ),
    );
  }
  if (pages > 1) {
    rows.push(
      row(
        button(ids.page(page - 1), 'Previous', ButtonStyle.Secondary, { disabled: page <= 1 }),
        button(ids.page(page + 1), 'Next', ButtonStyle.Secondary, { disabled: page >= pages }),
      ),
    );
  }
  return {
    embeds: [
      {
        title: tag ? `Topics tagged "${tag}"` : 'All topics',
        description: joinWithin(lines, 4096, '\n\n') || 'No topics match.',
        color: BRAND_COLOR,
        footer: { text: `Page ${page} of ${pages} · ${total} topics · /ask any question in your own words` },
      },
    ],
    components: rows,
  };
}

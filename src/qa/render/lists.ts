import type { APIEmbed, APISelectMenuOption } from 'discord-api-types/v10';
import { button, ButtonStyle, row, stringSelect, type Row } from '../../discord/components.js';
import { inline, joinWithin, NO_NAMES, plainLine, quoted, truncate, type MentionNames } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR, SUCCESS_COLOR } from '../../discord/theme.js';
import type { KnowledgeEntry } from '../../knowledge/entry.js';
import { listPageId, questionIds } from '../custom-ids.js';
import type { QuestionDetail, QuestionPage } from '../finding.js';
import type { QuestionCard } from '../types.js';
import { discordLink, questionLink } from './links.js';
import { questionButtons, questionEmbed, questionLine, statusLabel } from './question-message.js';
import { plural } from './text.js';

export interface Rendered {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: Row[];
}

const STATUS_TITLES = { all: 'All questions', open: 'Open questions', answered: 'Answered questions', unanswered: 'Unanswered questions', mine: 'Your questions' } as const;

/** Menu labels are plain text: mentions in a question are shown by name (`names`, the server's). */
function openMenu(cards: readonly QuestionCard[], names: MentionNames, extra: APISelectMenuOption[] = []): Row[] {
  const options = [
    ...cards.map((card) => ({
      label: plainLine(`#${card.question.number ?? '?'} · ${card.question.text}`, 100, names),
      value: `q${card.question.number ?? 0}`,
      description: truncate(`${statusLabel(card.question)} · ${plural(card.answers, 'answer')}`, 100),
    })),
    ...extra,
  ].filter((option) => option.value !== 'q0');
  return options.length > 0 ? [row(stringSelect(questionIds.open, 'Open one…', options))] : [];
}

/** One page of /questions list, with Previous/Next and a menu to open a question. */
export function questionListMessage(page: QuestionPage, names: MentionNames = NO_NAMES): Rendered {
  const lines = page.cards.map((card) => questionLine(card, questionLink(card.question)));
  const empty = page.status === 'mine' ? 'You have not asked anything yet: `/question ask`.' : 'No questions here yet. Ask one with `/question ask`.';
  const rows = openMenu(page.cards, names);
  if (page.pages > 1) {
    rows.push(
      row(
        button(listPageId(page.status, page.sort, Math.max(1, page.page - 1)), 'Previous', ButtonStyle.Secondary, { disabled: page.page <= 1 }),
        button(listPageId(page.status, page.sort, page.page + 1), 'Next', ButtonStyle.Secondary, { disabled: page.page >= page.pages }),
      ),
    );
  }
  return {
    embeds: [
      {
        title: `${STATUS_TITLES[page.status]} · ${page.sort === 'votes' ? 'most upvoted' : 'newest'}`,
        description: joinWithin(lines, 4096, '\n\n') || empty,
        color: BRAND_COLOR,
        footer: { text: `Page ${page.page} of ${page.pages} · ${plural(page.total, 'question')}` },
      },
    ],
    components: rows,
  };
}

export function searchResultsMessage(query: string, cards: readonly QuestionCard[], names: MentionNames = NO_NAMES): Rendered {
  const lines = cards.map((card) => questionLine(card, questionLink(card.question)));
  return {
    embeds: [
      {
        // Embed titles show mentions as typed, like menu labels.
        title: plainLine(`Search: ${query}`, 256, names),
        description: joinWithin(lines, 4096, '\n\n') || 'No question or answer matches. Try other words, or ask it with `/question ask`.',
        color: cards.length > 0 ? BRAND_COLOR : MUTED_COLOR,
        footer: { text: `${plural(cards.length, 'result')} · questions and answers of this server` },
      },
    ],
    components: openMenu(cards, names),
  };
}

/** Before posting: earlier questions like it (and the knowledge base), and the member decides. */
export function similarMessage(text: string, similar: readonly QuestionCard[], entry: KnowledgeEntry | null, draftId: number, names: MentionNames = NO_NAMES): Rendered {
  const lines = similar.map((card) => questionLine(card, questionLink(card.question)));
  if (entry) lines.push(`📚 **Knowledge base:** ${inline(entry.title, 100)}\n${inline(entry.summary, 160)}`);
  const extra = entry ? [{ label: plainLine(`Knowledge base: ${entry.title}`, 100, names), value: `kb.${entry.id}` }] : [];
  return {
    embeds: [
      {
        title: 'Has this been asked before?',
        description: `Your question:\n${quoted(text, 600)}\n\n${joinWithin(lines, 3400, '\n\n')}`,
        color: BRAND_COLOR,
        footer: { text: 'Open one to read it. Nothing is posted until you choose "Post mine anyway".' },
      },
    ],
    components: [
      ...openMenu(similar, names, extra),
      row(button(questionIds.resolved(draftId), 'That answers it', ButtonStyle.Success), button(questionIds.post(draftId), 'Post mine anyway', ButtonStyle.Primary)),
    ],
  };
}

/**
 * /question show: the question as posted, then its answers (accepted first, then by upvotes). The
 * reply is private, so the asker (or a moderator) also gets an Accept button per answer shown.
 */
export function questionDetailMessage(detail: QuestionDetail): Rendered {
  const { card, answers } = detail;
  const { question } = card;
  const shown = answers.slice(0, 5);
  const answerEmbed: APIEmbed = {
    title: answers.length === 0 ? 'No answers yet' : `${plural(answers.length, 'answer')}`,
    color: answers.some((answer) => answer.accepted) ? SUCCESS_COLOR : MUTED_COLOR,
    fields: shown.map(({ answer, votes, accepted }) => {
      const link = answer.channelId && answer.messageId ? ` · [jump](${discordLink(question.guildId, answer.channelId, answer.messageId)})` : '';
      return {
        name: truncate(`Answer ${answer.number}${accepted ? ' · ✅ Accepted' : ''} · ${plural(votes, 'upvote')}${answer.delivery === 'pending' ? ' · pending' : ''}`, 256),
        value: truncate(`${quoted(answer.text, 600)}\n— <@${answer.authorId}>${link}`, 1024),
      };
    }),
    ...(answers.length === 0 ? { description: 'Be the first: press **Answer**.' } : {}),
    ...(answers.length > shown.length ? { footer: { text: `${answers.length - shown.length} more in the thread` } } : {}),
  };
  const link = questionLink(question);
  const acceptable = detail.canAccept ? shown.filter((answer) => !answer.accepted) : [];
  return {
    ...(detail.mergedFrom ? { content: `#${detail.mergedFrom} was merged into #${question.number ?? '?'}: here it is.` } : {}),
    embeds: [{ ...questionEmbed(card), ...(link ? { url: link } : {}) }, answerEmbed],
    components: [
      ...questionButtons(card),
      ...(acceptable.length > 0 ? [row(...acceptable.map(({ answer }) => button(questionIds.accept(answer.id), `Accept answer ${answer.number}`, ButtonStyle.Success)))] : []),
    ],
  };
}

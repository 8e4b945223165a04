import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { button, ButtonStyle, row, stringSelect, type Row } from '../../discord/components.js';
import { inline, joinWithin, oneLine, truncate } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR } from '../../discord/theme.js';
import type { RenderedMessage } from './messages.js';
import type { ReviewGroup, ReviewPage } from '../review.js';
import { BODY_MAX_CHARS } from '../schema.js';

export interface ReviewIds {
  page(page: number): string;
  alias(groupId: number, page: number): string;
  other(groupId: number, page: number): string;
  draft(groupId: number, page: number): string;
  dismiss(groupId: number, page: number): string;
}

/** The form fields' custom_ids. */
export const REVIEW_FIELDS = { topic: 'topic', title: 'title', body: 'body' } as const;
export const DRAFT_BODY = { min: 20, max: BODY_MAX_CHARS } as const;

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function countsLine(group: ReviewGroup): string {
  const parts = [
    group.counts.miss > 0 ? `${group.counts.miss} without an answer` : '',
    group.counts['near-miss'] > 0 ? `${plural(group.counts['near-miss'], 'near miss', 'near misses')}` : '',
    group.counts.unhelpful > 0 ? `${group.counts.unhelpful} voted "Not helpful"` : '',
  ].filter(Boolean);
  return `Asked ${group.counts.total}× by ${plural(group.members, 'member')}: ${parts.join(' · ')}`;
}

/**
 * The page a moderator reads: the wordings members used, how often and how it went, the closest
 * topics; a menu adds the wording as an alias of one, buttons pick another topic, draft a
 * server entry or dismiss the group. `notice` says what the last action did.
 */
export function reviewMessage(view: ReviewPage, ids: ReviewIds, notice?: string): RenderedMessage & { content: string } {
  const content = notice ?? '';
  const { group, page, pages } = view;
  if (!group) {
    return {
      content,
      embeds: [
        {
          title: 'Nothing to review',
          description: 'Every question `/ask` missed here has been dealt with. Misses, near misses and "Not helpful" votes show up here as members ask.',
          color: MUTED_COLOR,
        },
      ],
      components: [],
    };
  }
  const [first, ...others] = group.wordings;
  const lines = [
    `**“${inline(first?.text ?? '', 200)}”**${first && first.count > 1 ? ` (${first.count}×)` : ''}`,
    ...others.slice(0, 8).map((wording) => `“${inline(wording.text, 150)}”${wording.count > 1 ? ` (${wording.count}×)` : ''}`),
    ...(others.length > 8 ? [`…and ${others.length - 8} more wordings`] : []),
  ];
  const fields = [{ name: 'How it went', value: countsLine(group) }];
  if (view.closest.length > 0) {
    fields.push({ name: 'Closest topics', value: joinWithin(view.closest.map((entry, index) => `${index + 1}. ${inline(entry.title, 100)} (\`${entry.id}\`)`), 1024) });
  }
  if (view.unhelpfulTitles.length > 0) {
    fields.push({ name: 'Answers voted "Not helpful"', value: joinWithin(view.unhelpfulTitles.map((title) => `• ${inline(title, 100)}`), 1024) });
  }
  const rows: Row[] = [];
  if (view.closest.length > 0) {
    rows.push(
      row(
        stringSelect(
          ids.alias(group.id, page),
          'Add these words as an alias of…',
          view.closest.map((entry) => ({ label: oneLine(entry.title, 100), value: entry.id, description: truncate(entry.id, 100) })),
        ),
      ),
    );
  }
  rows.push(
    row(
      button(ids.other(group.id, page), 'Alias of another topic…'),
      button(ids.draft(group.id, page), 'Draft a new entry', ButtonStyle.Primary),
      button(ids.dismiss(group.id, page), 'Dismiss', ButtonStyle.Danger),
    ),
  );
  if (pages > 1) {
    rows.push(
      row(
        button(ids.page(page - 1), 'Previous', ButtonStyle.Secondary, { disabled: page <= 1 }),
        button(ids.page(page + 1), 'Next', ButtonStyle.Secondary, { disabled: page >= pages }),
      ),
    );
  }
  return {
    content,
    embeds: [
      {
        title: 'What /ask missed',
        description: joinWithin(lines, 4096),
        color: BRAND_COLOR,
        fields,
        footer: { text: `Group ${page} of ${pages} · an alias makes exactly these words answer with the topic, in this server only` },
      },
    ],
    components: rows,
  };
}

type Modal = APIModalInteractionResponseCallbackData;

const textInput = (customId: string, label: string, options: { min: number; max: number; long?: boolean; value?: string; placeholder?: string }) => ({
  type: ComponentType.ActionRow as const,
  components: [
    {
      type: ComponentType.TextInput as const,
      custom_id: customId,
      label: truncate(label, 45),
      style: options.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
      min_length: options.min,
      max_length: options.max,
      required: true,
      ...(options.value ? { value: options.value.slice(0, options.max) } : {}),
      ...(options.placeholder ? { placeholder: truncate(options.placeholder, 100) } : {}),
    },
  ],
});

/** Asks which topic the wording should answer with, by id or a few words. */
export function otherTopicModal(customId: string): Modal {
  return {
    custom_id: customId,
    title: 'Add as an alias of a topic',
    components: [textInput(REVIEW_FIELDS.topic, 'Topic: its id, or a few words of it', { min: 2, max: 100, placeholder: 'technical-debt' })],
  };
}

/** A new server entry answering the group: the question as its title, the answer as its body. */
export function draftEntryModal(customId: string, wording: string): Modal {
  const title = oneLine(wording, 99).replace(/[?.!\s]*$/, '');
  return {
    custom_id: customId,
    title: 'Draft a server entry',
    components: [
      textInput(REVIEW_FIELDS.title, 'Title: the question it answers', { min: 5, max: 100, value: title.length >= 4 ? `${title.charAt(0).toUpperCase()}${title.slice(1)}?` : '' }),
      textInput(REVIEW_FIELDS.body, 'The answer', { min: DRAFT_BODY.min, max: DRAFT_BODY.max, long: true, placeholder: 'What this server does, and why. Markdown works.' }),
    ],
  };
}

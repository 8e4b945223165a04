import type { APIEmbedField } from 'discord-api-types/v10';
import { button, ButtonStyle, row, type Row } from '../../discord/components.js';
import { inline, joinWithin } from '../../discord/text.js';
import type { UnansweredPage } from '../service.js';

/**
 * The questions /ask could not answer, as /kb stats and /qa stats list them: each wording once with
 * how often it was asked, most asked first, a page at a time.
 */
export function unansweredField(page: UnansweredPage, title = 'Questions /ask could not answer'): APIEmbedField {
  const lines = page.groups.map((group) => `**${group.count}×** ${inline(group.question, 80)} · last ${group.lastAskedAt.slice(0, 10)}`);
  const where = page.pages > 1 ? ` (page ${page.page} of ${page.pages})` : '';
  return { name: `${title}, most asked first${where}`, value: joinWithin(lines, 1024) || 'None in this period.' };
}

/** Previous/Next under the list, when there is more than one page; `idOf(page)` makes a button's custom_id. */
export function unansweredPager(page: UnansweredPage, idOf: (page: number) => string): Row[] {
  if (page.pages <= 1) return [];
  return [
    row(
      button(idOf(Math.max(1, page.page - 1)), 'Previous', ButtonStyle.Secondary, { disabled: page.page <= 1 }),
      button(idOf(Math.min(page.pages, page.page + 1)), 'Next', ButtonStyle.Secondary, { disabled: page.page >= page.pages }),
    ),
  ];
}

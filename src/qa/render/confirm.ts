import { plural } from '../../core/plural.js';
import { inline } from '../../discord/text.js';
import type { Preview } from '../moderation.js';
import type { Question } from '../types.js';
import { button, ButtonStyle, row } from '../../discord/components.js';

const titled = (question: Question): string => `#${question.number ?? '?'} "${inline(question.text, 80)}"`;

/** The private confirmation of a close, delete or merge: what will happen, in words. */
export function confirmText(preview: Preview): string {
  const { question, into } = preview;
  const number = `#${question.number ?? '?'}`;
  if (preview.action === 'close') return `**Close ${titled(question)}?** It takes no new answers until a moderator reopens it. You can undo this for 10 minutes.`;
  if (preview.action === 'delete') {
    const entry = preview.promotedEntryId ? ` Its knowledge-base entry \`${preview.promotedEntryId}\` is removed too (an undo does not bring that back: \`/qa promote\` does).` : '';
    return `**Delete ${titled(question)}?** Its message will say it was removed, and it leaves lists, search and the digest.${entry} You can undo this for 10 minutes.`;
  }
  const target = into ? titled(into) : '?';
  const moved = preview.answers > 0 ? `its ${plural(preview.answers, 'answer')} move to #${into?.number ?? '?'}` : 'it has no answers to move';
  return `**Merge ${titled(question)} into ${target}?** ${moved}, with its followers and upvotes; ${number} is closed and points to #${into?.number ?? '?'}. You can undo this for 10 minutes.`;
}

export function confirmButtons(confirmId: string, cancelId: string) {
  return [row(button(confirmId, 'Confirm', ButtonStyle.Danger), button(cancelId, 'Cancel', ButtonStyle.Secondary))];
}

export function undoButtons(undoId: string) {
  return [row(button(undoId, 'Undo', ButtonStyle.Secondary))];
}

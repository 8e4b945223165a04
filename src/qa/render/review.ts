import { button, ButtonStyle, row } from '../../discord/components.js';
import { body } from '../../discord/text.js';
import { MUTED_COLOR, WARNING_COLOR } from '../../discord/theme.js';
import { qaIds } from '../custom-ids.js';
import type { Question } from '../types.js';
import type { Rendered } from './lists.js';
import { utcMinute } from './text.js';

/**
 * The moderators' queue of anonymous questions: the oldest first, with Approve and Reject. The asker
 * is not shown here either; the bot keeps their id only for limits and moderation.
 */
export function reviewMessage(queue: readonly Question[]): Rendered {
  const [next, ...rest] = queue;
  if (!next) {
    return { embeds: [{ title: 'Review queue', description: 'No anonymous question is waiting for review.', color: MUTED_COLOR }], components: [] };
  }
  return {
    embeds: [
      {
        title: 'Anonymous question awaiting review',
        description: body(next.text, 4096),
        color: WARNING_COLOR,
        footer: { text: `Asked ${utcMinute(next.createdAt)} · ${rest.length > 0 ? `${rest.length} more waiting` : 'the last one waiting'}` },
      },
    ],
    components: [row(button(qaIds.approve(next.id), 'Approve', ButtonStyle.Success), button(qaIds.reject(next.id), 'Reject', ButtonStyle.Danger))],
  };
}

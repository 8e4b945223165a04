import { UserError } from '../core/errors.js';
import { plural } from '../core/plural.js';

/**
 * Refuses a member over their server's limit (questions or answers per window), saying when they
 * can go again. Counted from the rows themselves, inside the transaction that adds the next one.
 */
export function enforceLimit(
  kind: 'questions' | 'answers',
  used: { count: number; oldest: string | null },
  limit: number,
  windowMs: number,
  now: Date,
): void {
  if (used.count < limit) return;
  const windowMinutes = Math.round(windowMs / 60_000);
  const freeAt = used.oldest ? new Date(used.oldest).getTime() + windowMs : now.getTime() + windowMs;
  const waitMinutes = Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000));
  throw new UserError(
    `qa.rate-limited.${kind}`,
    `You have posted ${limit} ${kind} in the last ${windowMinutes} minutes, the most this server allows. ` +
      `You can post again in about ${plural(waitMinutes, 'minute')}; nothing you wrote was posted.`,
  );
}

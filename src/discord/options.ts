import type { z } from 'zod';
import { UserError } from '../core/errors.js';

/**
 * Validates command options with a zod schema. Discord enforces most limits in its client, but
 * interactions can be crafted, so the bot checks again and answers with a clear private message.
 */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const option = issue?.path.join('.') ?? 'option';
  throw new UserError('invalid-option', `\`${option}\`: ${issue?.message ?? 'invalid value'}`);
}

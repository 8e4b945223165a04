import { ComponentType, type ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { trimInvisible, visibleLength } from '../core/visible-text.js';

/**
 * Validates command options with a zod schema. Discord enforces most limits in its client, but
 * interactions can be crafted, so the bot checks again and answers with a clear private message.
 */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new UserError('invalid-option', describeIssue(result.error.issues[0]));
}

/**
 * A refusal in the member's words. The bot's own messages are sentences and shown as they are;
 * zod's defaults name internal fields (`timeZone`), so they become a sentence about the option.
 */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'One of the options is not valid.';
  if (/[.!?]$/.test(issue.message)) return issue.message;
  const key = String(issue.path.at(-1) ?? 'option');
  const label = key.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (issue.code === 'too_big') return `The ${label} is too long: at most ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small') return Number(issue.minimum) <= 1 ? `The ${label} is empty.` : `The ${label} is too short: at least ${String(issue.minimum)} characters.`;
  return `The ${label} is not valid.`;
}

/**
 * The value of a text field of a submitted form. Submissions come back from the client and can be
 * crafted: a missing field is refused like a stale form, never an error.
 */
export function textField(interaction: ModalSubmitInteraction, customId: string): string {
  const field = interaction.fields.fields.get(customId);
  if (field?.type !== ComponentType.TextInput || typeof field.value !== 'string') {
    throw new UserError('form.stale', 'This form is out of date. Run the command again.');
  }
  return field.value;
}

/**
 * Free text a member types: trimmed of whitespace and invisible characters, at least `min` characters
 * that show (zero-width characters and the like make no text), at most `max` in all.
 */
export function memberText(limits: { readonly min: number; readonly max: number; readonly tooShort: string; readonly tooLong: string }) {
  return z
    .string()
    .transform(trimInvisible)
    .pipe(
      z
        .string()
        .max(limits.max, limits.tooLong)
        .refine((text) => visibleLength(text) >= limits.min, limits.tooShort),
    );
}

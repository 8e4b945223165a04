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
  const issue = result.error.issues[0];
  const option = issue?.path.join('.') ?? 'option';
  throw new UserError('invalid-option', `\`${option}\`: ${issue?.message ?? 'invalid value'}`);
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

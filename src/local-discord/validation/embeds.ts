import type { FormErrors } from '../errors.js';
import type { EmbedInput } from './schemas.js';
import { checkLength, checkRequiredText, textLength } from './form.js';

const MAX_EMBEDS = 10;
const MAX_TOTAL = 6_000;

/** Discord's embed limits: per field, per embed and the 6,000 character total across all embeds of a message. */
export function checkEmbeds(errors: FormErrors, embeds: readonly EmbedInput[]): void {
  if (embeds.length > MAX_EMBEDS) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS} or fewer in length.`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = (...rest: (string | number)[]) => ['embeds', i, ...rest];
    checkLength(errors, at('title'), embed.title, 0, 256);
    checkLength(errors, at('description'), embed.description, 0, 4_096);
    checkLength(errors, at('footer', 'text'), embed.footer?.text, 0, 2_048);
    checkLength(errors, at('author', 'name'), embed.author?.name, 0, 256);
    const fields = embed.fields ?? [];
    if (fields.length > 25) errors.add(at('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, j) => {
      checkRequiredText(errors, at('fields', j, 'name'), field.name, 256);
      checkRequiredText(errors, at('fields', j, 'value'), field.value, 1_024);
      total += textLength(field.name) + textLength(field.value);
    });
    for (const text of [embed.title, embed.description, embed.footer?.text, embed.author?.name]) total += text ? textLength(text) : 0;
  });
  if (total > MAX_TOTAL) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${MAX_TOTAL}`);
}

import { z } from 'zod';

const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const BODY_WORDS = { min: 150, max: 450 } as const;
/** Leaves room in the 4,096-character embed description for nothing else to be cut. */
export const BODY_MAX_CHARS = 3_800;

export const entryIdSchema = z.string().regex(ENTRY_ID, 'must be lower-case kebab-case, e.g. cto-vs-cio');

export const frontMatterSchema = z.strictObject({
  id: entryIdSchema,
  // Autocomplete choice names are at most 100 characters; the embed title allows 256.
  title: z.string().trim().min(5).max(100),
  aliases: z.array(z.string().trim().min(3, 'an alias must have at least 3 characters').max(100)).min(3).max(30),
  tags: z.array(z.string().regex(/^[a-z0-9-]{2,24}$/, 'tags are short lower-case words')).min(1).max(6),
  related: z.array(entryIdSchema).max(6).default([]),
  summary: z.string().trim().min(20).max(300),
  source: z.strictObject({ title: z.string().trim().min(3).max(200), url: z.url({ protocol: /^https$/ }) }).optional(),
});

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

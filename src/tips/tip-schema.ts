import { z } from 'zod';
import { TIP_CATEGORY_IDS } from './categories.js';

/** Limits from the content guide (/data/tips): Discord shows text up to 4096, but tips stay short. */
export const TIP_LIMITS = {
  idMax: 60,
  titleMax: 80,
  textMin: 150,
  textMax: 500,
  actionMax: 200,
  minCategories: 8,
  minTipsPerCategory: 12,
} as const;

export const ACTION_PREFIX = 'Try this today: ';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const tipSchema = z.strictObject({
  id: z.string().max(TIP_LIMITS.idMax, `at most ${TIP_LIMITS.idMax} characters`).regex(KEBAB, 'lower-case kebab-case (a-z, 0-9, -)'),
  title: z
    .string()
    .trim()
    .min(1, 'required')
    .max(TIP_LIMITS.titleMax, `at most ${TIP_LIMITS.titleMax} characters`)
    .refine((title) => !title.endsWith('.'), 'no trailing period'),
  text: z
    .string()
    .trim()
    .min(TIP_LIMITS.textMin, `at least ${TIP_LIMITS.textMin} characters`)
    .max(TIP_LIMITS.textMax, `at most ${TIP_LIMITS.textMax} characters`),
  action: z
    .string()
    .trim()
    .max(TIP_LIMITS.actionMax, `at most ${TIP_LIMITS.actionMax} characters`)
    .refine((action) => action.startsWith(ACTION_PREFIX) && action.length > ACTION_PREFIX.length, `must start with "${ACTION_PREFIX}"`)
    .optional(),
  source: z.strictObject({ title: z.string().trim().min(1).max(200), url: z.url({ protocol: /^https$/ }) }).optional(),
});

export const tipFileSchema = z.strictObject({
  category: z.enum(TIP_CATEGORY_IDS),
  tips: z.array(tipSchema).min(1, 'at least one tip'),
});

export type TipEntry = z.output<typeof tipSchema>;

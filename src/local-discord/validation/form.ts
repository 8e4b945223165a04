import type { z } from 'zod';
import { FormErrors } from '../errors.js';
import type { FormPath } from '../errors.js';
import { toFieldIssues } from './zod-issues.js';

/** Parse `value` with `schema`, adding Discord-shaped field errors under `prefix` when it does not fit. */
export function parseInto<S extends z.ZodType>(errors: FormErrors, schema: S, value: unknown, prefix: FormPath = []): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of toFieldIssues(result.error.issues, value, prefix)) errors.add(issue.path, issue.code, issue.message);
  return undefined;
}

/** Parse a request body with a zod schema; type errors become Discord's 400 50035 with the field path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, prefix: FormPath = []): z.output<S> {
  const errors = new FormErrors();
  const parsed = parseInto(errors, schema, body, prefix);
  errors.throwIfAny();
  return parsed as z.output<S>;
}

/**
 * A string's length as Discord measures it: in code points (its API is Python), so an emoji outside the
 * Basic Multilingual Plane counts once, not as the two UTF-16 units of JavaScript's `length`.
 */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Length rule: "Must be N or fewer in length." (min 0) or "Must be between min and max in length.". */
export function checkLength(
  errors: FormErrors,
  path: FormPath,
  value: string | readonly unknown[] | null | undefined,
  min: number,
  max: number,
): void {
  if (value === null || value === undefined) return;
  const length = typeof value === 'string' ? textLength(value) : value.length;
  if (length >= min && length <= max) return;
  if (min === 0) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  else errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
}

/** A text field that must be present and non-empty, up to `max` characters. */
export function checkRequiredText(errors: FormErrors, path: FormPath, value: string | null | undefined, max: number): void {
  if (!value) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  else checkLength(errors, path, value, 0, max);
}

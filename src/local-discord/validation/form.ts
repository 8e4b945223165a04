import type { z } from 'zod';
import { FormErrors } from '../errors.js';
import type { FormPath } from '../errors.js';

/** Map a zod issue to the code/message pair Discord uses for the same mistake. */
function discordIssue(issue: z.core.$ZodIssue): { code: string; message: string } {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined || issue.input === null) return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    switch (issue.expected) {
      case 'string':
        return { code: 'BASE_TYPE_STRING', message: 'Must be a string.' };
      case 'number':
      case 'int':
        return { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(issue.input)}" is not int.` };
      case 'boolean':
        return { code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.' };
      case 'array':
        return { code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' };
      case 'object':
        return { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' };
      default:
        return { code: 'BASE_TYPE_INVALID', message: 'Invalid value.' };
    }
  }
  if (issue.code === 'too_big') return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.` };
  if (issue.code === 'too_small') return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(issue.minimum)} or more in length.` };
  return { code: 'BASE_TYPE_INVALID', message: issue.message };
}

/** Parse `value` with `schema`, adding Discord-shaped field errors under `prefix` when it does not fit. */
export function parseInto<S extends z.ZodType>(errors: FormErrors, schema: S, value: unknown, prefix: FormPath = []): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const { code, message } = discordIssue(issue);
    errors.add([...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], code, message);
  }
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

import type { z } from 'zod';
import type { FormPath } from '../errors.js';

type Issue = z.core.$ZodIssue;
type Key = string | number;

/** One field error as Discord words it, plus what the schema expected in plain words (for spec-check messages). */
export interface FieldIssue {
  path: Key[];
  code: string;
  message: string;
  expected: string;
}

/** The `params` a length check puts on its custom issue: Discord's code and message are known where the bounds are. */
export interface LengthIssueParams {
  discordCode: string;
  discordMessage: string;
  expected: string;
}

const keyOf = (key: PropertyKey): Key => (typeof key === 'symbol' ? String(key) : key);

function valueAt(input: unknown, path: readonly Key[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<Key, unknown>)[key];
  }
  return value;
}

function isLengthParams(params: unknown): params is LengthIssueParams {
  return typeof params === 'object' && params !== null && typeof (params as LengthIssueParams).discordCode === 'string';
}

const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

function typeError(expected: string, value: unknown): Omit<FieldIssue, 'path'> {
  if (value === undefined || value === null) return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required', expected: `${withArticle(expected)} (required)` };
  const wanted = { expected: withArticle(expected) };
  switch (expected) {
    case 'string':
      return { code: 'BASE_TYPE_STRING', message: 'Must be a string.', ...wanted };
    case 'number':
    case 'int':
      return { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not int.`, ...wanted };
    case 'boolean':
      return { code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.', ...wanted };
    case 'array':
      return { code: 'BASE_TYPE_ARRAY', message: 'Must be an array.', ...wanted };
    case 'object':
    case 'record':
      return { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType', ...wanted };
    default:
      return { code: 'BASE_TYPE_INVALID', message: 'Invalid value.', ...wanted };
  }
}

const choices = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** The field errors of one issue, with paths from the parsed value's root. */
function fieldIssues(issue: Issue, base: readonly Key[], input: unknown): FieldIssue[] {
  const path = [...base, ...issue.path.map(keyOf)];
  switch (issue.code) {
    case 'invalid_union':
      return unionIssues(issue, path, input);
    case 'invalid_type':
      return [{ path, ...typeError(issue.expected, valueAt(input, path)) }];
    case 'too_big':
      if (issue.origin === 'string' || issue.origin === 'array') return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.`, expected: `at most ${String(issue.maximum)} in length` }];
      return [{ path, code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${String(issue.maximum)}.`, expected: `at most ${String(issue.maximum)}` }];
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return [{ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(issue.minimum)} or more in length.`, expected: `at least ${String(issue.minimum)} in length` }];
      return [{ path, code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${String(issue.minimum)}.`, expected: `at least ${String(issue.minimum)}` }];
    case 'invalid_value':
      return [{ path, code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${issue.values.map(String).join(', ')}}.`, expected: `one of ${choices(issue.values)}` }];
    case 'unrecognized_keys':
      // Discord ignores a field it does not know; the local Discord refuses it so that a misspelt field cannot hide.
      return issue.keys.map((key) => ({
        path: [...path, key],
        code: 'UNKNOWN_FIELD',
        message: 'Discord has no such field here (the local Discord refuses it; Discord would ignore it).',
        expected: 'no such field',
      }));
    case 'invalid_format':
      return [{ path, code: issue.format === 'url' ? 'URL_TYPE_INVALID_URL' : 'BASE_TYPE_INVALID', message: issue.format === 'url' ? 'Not a well formed URL.' : 'Invalid value.', expected: withArticle(issue.format) }];
    case 'custom':
      if (isLengthParams(issue.params)) return [{ path, code: issue.params.discordCode, message: issue.params.discordMessage, expected: issue.params.expected }];
      return [{ path, code: 'BASE_TYPE_INVALID', message: issue.message, expected: issue.message }];
    default:
      return [{ path, code: 'BASE_TYPE_INVALID', message: issue.message, expected: issue.message }];
  }
}

/** A value that fits none of a union's shapes: say what its discriminating field may be, or follow the closest shape. */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>, path: Key[], input: unknown): FieldIssue[] {
  const branches = issue.errors;
  if (branches.length === 0) return [{ path, code: 'BASE_TYPE_INVALID', message: 'Invalid value.', expected: 'exactly one of the shapes the spec allows here' }];
  // Discord's unions (components, callbacks, channels) tell their shapes apart by `type`.
  const discriminatorMiss = (branch: readonly Issue[]): Issue | undefined => branch.find((i) => i.code === 'invalid_value' && i.path.length === 1 && i.path[0] === 'type');
  const misses = branches.map(discriminatorMiss);
  const first = misses[0];
  if (first && misses.every((miss) => miss !== undefined && String(miss.path[0]) === String(first.path[0]))) {
    const values = [...new Set(misses.flatMap((miss) => (miss?.code === 'invalid_value' ? miss.values : [])))].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
    const at = [...path, keyOf(first.path[0] ?? '')];
    return [{ path: at, code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${values.map(String).join(', ')}}.`, expected: `one of ${choices(values)}` }];
  }
  // The closest shape: one whose discriminator and top-level type the value has, with the fewest complaints.
  const wrongKind = (branch: readonly Issue[]): boolean => branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const candidates = branches.filter((branch, i) => misses[i] === undefined && !wrongKind(branch));
  const closest = (candidates.length > 0 ? candidates : branches).reduce((best, branch) => (branch.length < best.length ? branch : best));
  return closest.flatMap((inner) => fieldIssues(inner, path, input));
}

/** Discord's 50035 field errors for a failed zod parse of `input`. */
export function toFieldIssues(issues: readonly Issue[], input: unknown, prefix: FormPath = []): FieldIssue[] {
  return issues.flatMap((issue) => fieldIssues(issue, [], input).map((field) => ({ ...field, path: [...prefix, ...field.path] })));
}

/** `embeds[0].title`, as discord.js prints a field path. */
export function formatPath(path: readonly Key[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' || /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  return out || '(body)';
}

import * as z from 'zod/mini';
import { textLength } from '../validation/form.js';
import type { LengthIssueParams } from '../validation/zod-issues.js';

export type Schema = z.core.$ZodType;
type Shape = Record<string, Schema>;

/** Changes one named spec schema's object shape: how a known error of the spec is tolerated. */
export type ShapePatch = (shape: Shape) => Shape;

/**
 * Strict copies of the spec's schemas: every object refuses keys the spec does not name (the package builds
 * its objects when it loads, so its own setStrictObject switch comes too late). An intersection of two
 * objects becomes one strict object with both shapes, since each side alone would refuse the other's keys.
 * Length limits count as Discord counts (a string in code points) and fail with Discord's code and message.
 * `patches` (by the original schema) change the shape of a named schema's copy.
 */
export class StrictCopier {
  private readonly copies = new Map<Schema, Schema>();

  constructor(private readonly patches: ReadonlyMap<Schema, ShapePatch>) {}

  copy(schema: Schema): Schema {
    const done = this.copies.get(schema);
    if (done) return done;
    const copied = this.build(schema);
    this.copies.set(schema, copied);
    return copied;
  }

  private build(schema: Schema): Schema {
    const def = (schema as z.core.$ZodTypes)._zod.def;
    switch (def.type) {
      case 'object':
        return this.strictObject(schema, def.shape);
      case 'intersection': {
        const left = resolveLazy(def.left);
        const right = resolveLazy(def.right);
        if (isObject(left) && isObject(right)) return this.strictObject(schema, { ...left._zod.def.shape, ...right._zod.def.shape });
        return z.intersection(this.copy(def.left), this.copy(def.right));
      }
      case 'optional':
        return z.optional(this.copy(def.innerType));
      case 'nullable':
        return z.nullable(this.copy(def.innerType));
      case 'string':
        return def.checks?.some(isLengthCheck) ? z.clone(schema as z.core.$ZodString, { ...def, checks: discordLengths(def.checks, 'characters') }) : schema;
      case 'array':
        return z.clone(schema as z.core.$ZodArray, { ...def, element: this.copy(def.element), checks: discordLengths(def.checks ?? [], 'items') });
      case 'union':
        return z.union(def.options.map((option) => this.copy(option)));
      case 'record':
        return z.record(def.keyType, this.copy(def.valueType));
      case 'lazy': {
        const getter = def.getter;
        return z.lazy(() => this.copy(getter()));
      }
      default:
        // Strings, numbers, literals and the like carry no object inside.
        return schema;
    }
  }

  private strictObject(original: Schema, shape: Shape): Schema {
    const copied: Shape = {};
    for (const [key, value] of Object.entries(shape)) copied[key] = this.copy(value);
    const patch = this.patches.get(original);
    return z.strictObject(patch ? patch(copied) : copied);
  }
}

function resolveLazy(schema: Schema): Schema {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  return def.type === 'lazy' ? resolveLazy(def.getter()) : schema;
}

function isObject(schema: Schema): schema is z.core.$ZodObject {
  return (schema as z.core.$ZodTypes)._zod.def.type === 'object';
}

type Check = z.core.$ZodCheck<never>;

function isLengthCheck(check: Check): boolean {
  const kind = check._zod.def.check;
  return kind === 'min_length' || kind === 'max_length' || kind === 'length_equals';
}

function boundOf(checks: readonly Check[], kind: 'min_length' | 'max_length'): number | undefined {
  for (const check of checks) {
    const def = check._zod.def as { check: string; minimum?: number; maximum?: number; length?: number };
    if (def.check === 'length_equals') return def.length;
    if (def.check === kind) return kind === 'min_length' ? def.minimum : def.maximum;
  }
  return undefined;
}

/**
 * The spec's length checks replaced by one that measures a string in code points (Discord's API is Python:
 * an emoji outside the BMP is one character, not JavaScript's two) and words its error as Discord does.
 */
function discordLengths<C extends Check>(checks: readonly C[], unit: 'characters' | 'items'): C[] {
  const min = boundOf(checks, 'min_length') ?? 0;
  const max = boundOf(checks, 'max_length') ?? Number.POSITIVE_INFINITY;
  const rest = checks.filter((check) => !isLengthCheck(check));
  if (min === 0 && max === Number.POSITIVE_INFINITY) return rest;
  const params: LengthIssueParams =
    min === 0
      ? { discordCode: 'BASE_TYPE_MAX_LENGTH', discordMessage: `Must be ${max} or fewer in length.`, expected: `at most ${max} ${unit}` }
      : max === Number.POSITIVE_INFINITY
        ? { discordCode: 'BASE_TYPE_MIN_LENGTH', discordMessage: `Must be ${min} or more in length.`, expected: `at least ${min} ${unit}` }
        : { discordCode: 'BASE_TYPE_BAD_LENGTH', discordMessage: `Must be between ${min} and ${max} in length.`, expected: `${min} to ${max} ${unit}` };
  const length = z.check<string | readonly unknown[]>((payload) => {
    const size = typeof payload.value === 'string' ? textLength(payload.value) : payload.value.length;
    if (size < min || size > max) payload.issues.push({ code: 'custom', message: params.discordMessage, input: payload.value, params, continue: true });
  });
  // The check reads strings and arrays alike; zod types each schema's checks by that schema's own value.
  return [...rest, length as unknown as C];
}

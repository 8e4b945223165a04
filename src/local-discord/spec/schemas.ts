import * as z from 'zod/mini';
import { SPEC_OPERATIONS } from './operations.generated.js';
import type { SpecType } from './spec-types.js';
import { StrictCopier } from './strict-copy.js';
import type { Schema, ShapePatch } from './strict-copy.js';
import { SPEC_TOLERANCES } from './tolerances.js';

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && '_zod' in value;

function refsOf(type: SpecType): string[] {
  if ('ref' in type) return [type.ref];
  if ('array' in type) return refsOf(type.array);
  if ('anyOf' in type) return type.anyOf.flatMap(refsOf);
  return [];
}

/** `MessageResponse[] | null`: a spec type as its Paths entry writes it. */
export function describeType(type: SpecType): string {
  if ('ref' in type) return type.ref;
  if ('array' in type) return 'anyOf' in type.array ? `(${describeType(type.array)})[]` : `${describeType(type.array)}[]`;
  if ('anyOf' in type) return type.anyOf.map(describeType).join(' | ');
  if ('null' in type) return 'null';
  if ('unknown' in type) return 'unknown';
  return type.inline;
}

/** Strict copies of the spec's zod schemas, with the known errors of the spec tolerated (tolerances.ts). */
export class SpecSchemas {
  private readonly compiled = new Map<SpecType, Schema | null>();
  private readonly copier: StrictCopier;

  private constructor(private readonly named: ReadonlyMap<string, Schema>) {
    const patches = new Map<Schema, ShapePatch>();
    for (const tolerance of SPEC_TOLERANCES) {
      for (const name of tolerance.schemas) patches.set(this.original(name), (shape) => tolerance.patch(shape, (ref) => this.ref(ref)));
    }
    this.copier = new StrictCopier(patches);
  }

  /** From the package's module: every schema the operations table and the tolerances name must be there. */
  static fromModule(module: Readonly<Record<string, unknown>>): SpecSchemas {
    const named = new Map<string, Schema>();
    for (const [key, value] of Object.entries(module)) if (key.endsWith('Schema') && isSchema(value)) named.set(key.slice(0, -'Schema'.length), value);
    const wanted = new Set([...Object.values(SPEC_OPERATIONS).flatMap((op) => [op.body, ...Object.values(op.responses)]).flatMap((type) => (type ? refsOf(type) : [])), ...SPEC_TOLERANCES.flatMap((t) => t.schemas)]);
    const missing = [...wanted].filter((name) => !named.has(name));
    if (missing.length > 0) throw new Error(`discord-api-spec has no zod schema for ${missing.join(', ')}: regenerate src/local-discord/spec/operations.generated.ts`);
    return new SpecSchemas(named);
  }

  /** The strict copy of a named schema. */
  ref(name: string): Schema {
    return this.copier.copy(this.original(name));
  }

  /** The schema of a body of this type; null where the spec gives none to check (`unknown`, inline objects). */
  schemaFor(type: SpecType): Schema | null {
    if (this.compiled.has(type)) return this.compiled.get(type) ?? null;
    const schema = this.compile(type);
    this.compiled.set(type, schema);
    return schema;
  }

  private compile(type: SpecType): Schema | null {
    if ('ref' in type) return this.ref(type.ref);
    if ('null' in type) return z.null();
    if ('array' in type) {
      const element = this.compile(type.array);
      return element ? z.array(element) : null;
    }
    if ('anyOf' in type) {
      const options = type.anyOf.map((option) => this.compile(option));
      return options.every((option): option is Schema => option !== null) ? z.union(options) : null;
    }
    return null;
  }

  private original(name: string): Schema {
    const schema = this.named.get(name);
    if (!schema) throw new Error(`discord-api-spec has no schema ${name}`);
    return schema;
  }
}

let loading: Promise<SpecSchemas> | undefined;

/**
 * The spec's schemas, loaded once per process (~170 ms, ~10 MB) when the first emulator with spec checks
 * starts, and awaited before it listens: no request is ever answered unchecked. Not loaded at all by a bot
 * that never starts the emulator.
 */
export function loadSpecSchemas(): Promise<SpecSchemas> {
  loading ??= import('discord-api-spec/zod').then(
    (module: Readonly<Record<string, unknown>>) => SpecSchemas.fromModule(module),
    (error: unknown) => {
      throw new Error(`the local Discord checks against Discord's API spec with the dev dependency discord-api-spec (npm install), or start it with specChecks: 'off': ${String(error)}`);
    },
  );
  return loading;
}

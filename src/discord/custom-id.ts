import { z } from 'zod';
import { UserError } from '../core/errors.js';

/**
 * custom_ids have the form `<command>:<action>[:<arg>…]`, at most 100 characters (Discord's limit).
 * The command name routes the component back to the module that created it.
 */
export interface CustomId {
  readonly command: string;
  readonly action: string;
  readonly args: readonly string[];
}

const SEPARATOR = ':';
const MAX_LENGTH = 100;
const PART = /^[\w.-]*$/;

export function encodeCustomId(command: string, action: string, ...args: (string | number)[]): string {
  const parts = [command, action, ...args.map(String)];
  for (const part of parts) {
    if (!PART.test(part)) {
      throw new Error(`custom_id part ${JSON.stringify(part)} may only hold letters, digits, '_', '.', '-'`);
    }
  }
  const encoded = parts.join(SEPARATOR);
  if (encoded.length > MAX_LENGTH) {
    throw new Error(`custom_id ${encoded} is longer than ${MAX_LENGTH} characters`);
  }
  return encoded;
}

/** Splits a custom_id; null for ids this bot never makes (they are ignored by the router). */
export function decodeCustomId(raw: string): CustomId | null {
  if (raw.length === 0 || raw.length > MAX_LENGTH) return null;
  const [command, action, ...args] = raw.split(SEPARATOR);
  if (!command || action === undefined) return null;
  if (![command, action, ...args].every((part) => PART.test(part))) return null;
  return { command, action, args };
}

/**
 * Validates a component's arguments with a zod tuple. custom_ids come back from the client and can be
 * crafted, so a payload that does not fit is refused like any other bad input.
 */
export function parseCustomIdArgs<T extends z.ZodTuple>(customId: CustomId, schema: T): z.output<T> {
  const result = schema.safeParse(customId.args);
  if (!result.success) {
    throw new UserError('component.stale', 'This button is out of date. Run the command again.');
  }
  return result.data;
}

export const snowflakeArg = z.string().regex(/^\d{17,20}$/);
export const positiveIntArg = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

import * as z from 'zod/mini';
import type { Schema, ShapePatch } from './strict-copy.js';

type Shape = Parameters<ShapePatch>[0];

/** One place where Discord's published spec is wrong or stricter than Discord, and how the check bends. */
export interface SpecTolerance {
  /** The spec schema whose shape changes (its name in the package, without "Schema"). */
  schemas: readonly string[];
  /** What the spec gets wrong, and who says so. */
  why: string;
  patch: (shape: Shape, ref: (name: string) => Schema) => Shape;
}

/**
 * Fields discord.js puts in every message body it builds (`tts: false`, `enforce_nonce: false`), where
 * the spec has no such field and Discord ignores it. Only the value discord.js always sends passes:
 * a bot that asks for text-to-speech on an edit still fails the check.
 */
const ignoredFalse = (...fields: string[]) => (shape: Shape): Shape => {
  const extra: Shape = {};
  for (const field of fields) extra[field] = z.optional(z.literal(false));
  return { ...extra, ...shape };
};

/** Permission bits as Discord's docs and discord.js write them: a decimal string. */
const permissionBits = z.string().check(z.regex(/^\d{1,20}$/));

export const SPEC_TOLERANCES: readonly SpecTolerance[] = [
  {
    schemas: ['ApplicationCommandCreateRequest', 'ApplicationCommandUpdateRequest', 'ApplicationCommandPatchRequestPartial'],
    why: 'default_member_permissions is an integer in the spec; Discord documents it as a string of permission bits, discord.js sends a string and Discord accepts both.',
    patch: (shape) => ({ ...shape, default_member_permissions: z.nullish(z.union([permissionBits, z.number().check(z.minimum(0))])) }),
  },
  {
    schemas: ['InnerErrors'],
    why: 'The codes inside a 50035 error tree are strings on Discord ("BASE_TYPE_MAX_LENGTH"); the spec reuses its numeric top-level error code for them.',
    patch: (shape) => ({ ...shape, _errors: z.array(z.strictObject({ code: z.string(), message: z.string() })) }),
  },
  {
    schemas: ['RatelimitedResponse'],
    why: 'The spec requires `code` on a 429 body; Discord documents it as optional (topics/rate-limits) and answers a plain route limit without it.',
    patch: (shape) => ({ ...shape, code: z.optional(z.number()) }),
  },
  {
    schemas: ['CreatedThreadResponse'],
    why: 'Creating a forum post answers the thread with its starter `message` nested (resources/channel, Start Thread in Forum or Media Channel); the spec leaves `message` out.',
    patch: (shape, ref) => ({ ...shape, message: z.optional(z.lazy(() => ref('MessageResponse'))) }),
  },
  {
    schemas: ['CreateTextThreadWithMessageRequest'],
    why: "discord.js sends the thread `type` (11, or 10 in an announcement channel) when it starts a thread from a message; the spec has no `type` there and Discord ignores it (the parent decides).",
    patch: (shape) => ({ ...shape, type: z.optional(z.literal([10, 11])) }),
  },
  {
    schemas: ['ThreadsResponse'],
    why: "The spec's one thread-list type requires `has_more`; List Active Guild Threads answers `threads` and `members` only (resources/guild), and the emulator serves no archived-thread list that would have it.",
    patch: (shape) => ({ ...shape, has_more: z.optional(z.boolean()) }),
  },
  {
    schemas: ['IncomingWebhookInteractionRequest'],
    why: 'discord.js sends `enforce_nonce: false` in every interaction reply; the spec has no such field and Discord ignores it.',
    patch: ignoredFalse('enforce_nonce'),
  },
  {
    schemas: ['BaseCreateMessageCreateRequest'],
    why: "discord.js sends `tts: false` and `enforce_nonce: false` in a forum post's starter message; the spec's starter message has neither field and Discord ignores them.",
    patch: ignoredFalse('tts', 'enforce_nonce'),
  },
  {
    schemas: ['MessageEditRequestPartial', 'IncomingWebhookUpdateRequestPartial', 'IncomingWebhookUpdateForInteractionCallbackRequestPartial'],
    why: 'discord.js sends `tts: false` and `enforce_nonce: false` when it edits a message, an interaction response or a follow-up; the spec has neither field on edits and Discord ignores them.',
    patch: ignoredFalse('tts', 'enforce_nonce'),
  },
];

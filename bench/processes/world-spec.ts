import { z } from 'zod';

/**
 * What the emulator process builds before the bot connects, and what it reports back.
 * `community`: the sandbox's server (channels, a moderator, a member) for interaction load.
 * `servers`: many servers alike, each with `channels` text channels and `roles` roles (counting
 * @everyone and the bot's own role), the bot present with its invite permissions.
 */
export const worldSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('community') }),
  z.object({
    kind: z.literal('servers'),
    count: z.number().int().min(1).max(100_000),
    channels: z.number().int().min(1).max(50),
    roles: z.number().int().min(2).max(250),
  }),
]);
export type WorldSpec = z.infer<typeof worldSpecSchema>;

export const communityWorldSchema = z.object({
  kind: z.literal('community'),
  guildId: z.string(),
  channelId: z.string(),
  memberId: z.string(),
});
export type CommunityWorld = z.infer<typeof communityWorldSchema>;

export const serversWorldSchema = z.object({
  kind: z.literal('servers'),
  /** Each server with its first text channel, in creation order. */
  servers: z.array(z.object({ guildId: z.string(), channelId: z.string() })),
  ownerId: z.string(),
  buildMs: z.number(),
});
export type ServersWorld = z.infer<typeof serversWorldSchema>;

export const builtWorldSchema = z.object({ world: z.discriminatedUnion('kind', [communityWorldSchema, serversWorldSchema]) });

/** The flag that carries the world spec (JSON) to the emulator process. */
export const WORLD_FLAG = '--bench-world';

import { z } from 'zod';
import { spawnNode, type NodeChild } from './child.js';
import { builtWorldSchema, WORLD_FLAG, type WorldSpec } from './world-spec.js';

export const emulatorInfoSchema = z.object({
  apiUrl: z.string(),
  gatewayUrl: z.string(),
  controlUrl: z.string(),
  token: z.string(),
  applicationId: z.string(),
  botUserId: z.string(),
});
export type EmulatorInfo = z.infer<typeof emulatorInfoSchema>;

/**
 * For scenarios that measure one bot process holding every server: Discord would refuse one shard more
 * than 2,500 guilds (4011), and such a bot would identify as several shards; in one process (discord.js
 * internal sharding) those hold the same objects, so the bench lets one shard hold them all.
 */
export function oneShardHoldsAll(servers: number): string[] {
  return ['--max-guilds-per-shard', String(servers)];
}

export interface EmulatorProcess<W> {
  readonly child: NodeChild;
  readonly info: EmulatorInfo;
  readonly world: W;
}

export interface EmulatorOptions<W> {
  /** `--global-limit N` etc., as `runStandalone` takes them. */
  readonly flags?: readonly string[];
  readonly world: WorldSpec;
  readonly worldSchema: z.ZodType<W>;
  readonly nodeFlags?: readonly string[];
}

/** Starts the local Discord as its own process and waits until its world is built. */
export async function startEmulator<W>(options: EmulatorOptions<W>): Promise<EmulatorProcess<W>> {
  const child = spawnNode({
    name: 'emulator',
    script: 'bench/processes/emulator-main.ts',
    args: [...(options.flags ?? []), WORLD_FLAG, JSON.stringify(options.world)],
    ...(options.nodeFlags ? { nodeFlags: options.nodeFlags } : {}),
  });
  try {
    const { value: info } = await child.waitForJson(emulatorInfoSchema);
    const { value: built } = await child.waitForJson(builtWorldSchema, undefined, 300_000);
    return { child, info, world: options.worldSchema.parse(built.world) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

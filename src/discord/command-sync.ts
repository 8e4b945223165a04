import type { REST } from 'discord.js';
import type { Logger } from '../core/logger.js';
import type { MetaStore } from '../db/index.js';
import { deployCommands, hashCommands, type DeployJson, type DeployTarget } from './deploy.js';

/**
 * Syncs commands at start-up only when their JSON changed since the last sync, so restarts do not
 * spend Discord's command rate limits (200 creates a day).
 */
export async function syncCommandsIfChanged(
  rest: REST,
  target: DeployTarget,
  commands: readonly DeployJson[],
  meta: MetaStore,
  logger: Logger,
): Promise<'synced' | 'unchanged'> {
  const key = `commands.hash:${target.applicationId}:${target.guildId ?? 'global'}`;
  const hash = hashCommands(commands);
  if ((await meta.get(key)) === hash) {
    logger.debug({ target }, 'commands unchanged since the last sync');
    return 'unchanged';
  }
  const plan = await deployCommands(rest, target, commands);
  await meta.set(key, hash);
  logger.info({ added: plan.added, changed: plan.changed, removed: plan.removed }, 'commands synced');
  return 'synced';
}

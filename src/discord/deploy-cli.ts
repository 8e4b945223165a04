import { parseArgs } from 'node:util';
import { REST } from 'discord.js';
import type { Config } from '../config/index.js';
import { commandLabel, commandsRoute, deployCommands } from './deploy.js';
import { inviteUrl } from './invite.js';
import { loadCommandRegistry } from './registry.js';

/** `npm run deploy [-- --dry-run] [--global]`: registers the slash and message commands and says what changed. */
export async function runDeployCli(argv: string[], config: Config, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, global: { type: 'boolean' } } });
  const registry = await loadCommandRegistry();
  const commands = registry.deployJSON();
  const guildId = values.global ? undefined : config.devGuildId;

  if (values['dry-run'] && (!config.token || !config.applicationId)) {
    out.write(`${JSON.stringify(commands, null, 2)}\n`);
    out.write(`Dry run: ${commands.length} commands (${commands.map(commandLabel).join(', ')}); set DISCORD_TOKEN to compare them with what Discord has.\n`);
    return 0;
  }
  if (!config.token || !config.applicationId) {
    out.write('npm run deploy needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example).\n');
    return 2;
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.token);
  const target = { applicationId: config.applicationId, guildId };
  const plan = await deployCommands(rest, target, commands, { dryRun: values['dry-run'] ?? false });
  if (values['dry-run']) out.write(`${JSON.stringify(commands, null, 2)}\n`);
  const where = guildId ? `server ${guildId} (instant)` : 'all servers (global; may take a few minutes to appear)';
  out.write(`${values['dry-run'] ? 'Would deploy' : 'Deployed'} ${commands.length} commands to ${where} via ${commandsRoute(target)}\n`);
  out.write(`  added:     ${plan.added.join(', ') || '-'}\n`);
  out.write(`  changed:   ${plan.changed.join(', ') || '-'}\n`);
  out.write(`  removed:   ${plan.removed.join(', ') || '-'}\n`);
  out.write(`  unchanged: ${plan.unchanged.length}\n`);
  out.write(`Invite the bot to a server: ${inviteUrl(config.applicationId)}\n`);
  return 0;
}

import type { LocalDiscordDriver } from '../../src/local-discord/index.js';

/**
 * Fails when the local Discord answered off Discord's API spec (its own bug: every such answer became a 500
 * the test may have survived), or when the bot sent a request the spec forbids (refused with 50035, which
 * the bot may have handled quietly) — unless the test makes it send one on purpose.
 */
export async function expectNothingOffSpec(discord: Pick<LocalDiscordDriver, 'stats'>, botRequests: 'on-spec' | 'refused-on-purpose' = 'on-spec'): Promise<void> {
  const { spec } = await discord.stats();
  const problems: string[] = [];
  if (spec.invalidResponses > 0) problems.push(`the local Discord answered ${spec.invalidResponses} time(s) off Discord's API spec`);
  if (botRequests === 'on-spec' && spec.requestsRefused > 0) problems.push(`the bot sent ${spec.requestsRefused} request(s) off Discord's API spec`);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}:\n${spec.violations.join('\n')}`);
}

import { readFileSync } from 'node:fs';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { z } from 'zod';
import { forEachConcurrently } from '../src/core/concurrency.js';

// The bare fan-out the bot's tip tick is compared with: @discordjs/rest posting one message to each
// channel, as many at once as the bot's scheduler, within the same global limit. No database.
const env = z
  .object({ DISCORD_TOKEN: z.string().min(1), DISCORD_API_URL: z.url(), REST_GLOBAL_REQUESTS_PER_SECOND: z.coerce.number().int().min(1), CONCURRENCY: z.coerce.number().int().min(1) })
  .parse(process.env);
// The channel ids come in a JSON file: thousands of them would not fit in one argument.
const channelIds = z.array(z.string()).parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));

const rest = new REST({ api: env.DISCORD_API_URL, globalRequestsPerSecond: env.REST_GLOBAL_REQUESTS_PER_SECOND }).setToken(env.DISCORD_TOKEN);
let failed = 0;
const started = performance.now();
await forEachConcurrently(channelIds, env.CONCURRENCY, async (channelId) => {
  try {
    await rest.post(Routes.channelMessages(channelId), { body: { content: 'A fixed tip.', allowed_mentions: { parse: [] }, nonce: channelId.slice(-25), enforce_nonce: true } });
  } catch {
    failed += 1;
  }
});
process.stdout.write(`${JSON.stringify({ fanout: { sent: channelIds.length - failed, failed, wallMs: Math.round(performance.now() - started) } })}\n`);
process.exit(0);

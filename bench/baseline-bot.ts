import { Client, Events, GatewayIntentBits } from 'discord.js';
import { z } from 'zod';

// The bare discord.js bot CTO Mentor is measured against: default caches, no database, no commands
// of its own, the same fixed answer to every interaction. Started by the benchmark like src/main.ts.
const env = z
  .object({
    DISCORD_TOKEN: z.string().min(1),
    DISCORD_API_URL: z.url(),
    REST_GLOBAL_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).default(50),
  })
  .parse(process.env);

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
  rest: { api: env.DISCORD_API_URL, globalRequestsPerSecond: env.REST_GLOBAL_REQUESTS_PER_SECOND },
});

client.on(Events.InteractionCreate, (interaction) => {
  const answered = interaction.isAutocomplete()
    ? interaction.respond([{ name: 'Hiring your first engineers', value: 'hiring-first-engineers' }])
    : interaction.isRepliable()
      ? interaction.reply({ content: 'A fixed answer.', allowedMentions: { parse: [] } })
      : Promise.resolve();
  answered.catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
});
client.once(Events.ClientReady, (ready) => process.stdout.write(`${JSON.stringify({ msg: 'ready', guilds: ready.guilds.cache.size })}\n`));
process.once('SIGTERM', () => void client.destroy().finally(() => process.exit(0)));
await client.login(env.DISCORD_TOKEN);

import { Client, Events, GatewayIntentBits } from 'discord.js';
import { z } from 'zod';
import { fuseAnswerer } from '../src/knowledge/baselines.js';
import { loadKnowledgeContent } from '../src/knowledge/content.js';

// The FAQ/tag bot CTO Mentor's /ask is measured against: fuse.js over the same entries' titles,
// aliases and tags (src/knowledge/baselines.ts, as `npm run kb -- eval` runs it), answering /ask
// with the matched entry as an embed or a one-line "no answer"; anything else gets a fixed answer.
const env = z
  .object({
    DISCORD_TOKEN: z.string().min(1),
    DISCORD_API_URL: z.url(),
    REST_GLOBAL_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).default(50),
  })
  .parse(process.env);

const answer = fuseAnswerer(loadKnowledgeContent().entries, 3);
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
  rest: { api: env.DISCORD_API_URL, globalRequestsPerSecond: env.REST_GLOBAL_REQUESTS_PER_SECOND },
});

client.on(Events.InteractionCreate, (interaction) => {
  let answered: Promise<unknown> = Promise.resolve();
  if (interaction.isChatInputCommand() && interaction.commandName === 'ask') {
    const found = answer(interaction.options.getString('question', true)).answer;
    answered = found
      ? interaction.reply({ embeds: [{ title: found.entry.title.slice(0, 256), description: found.entry.body.slice(0, 4096) }], allowedMentions: { parse: [] } })
      : interaction.reply({ content: 'No matching tag.', allowedMentions: { parse: [] } });
  } else if (interaction.isAutocomplete()) answered = interaction.respond([]);
  else if (interaction.isRepliable()) answered = interaction.reply({ content: 'A fixed answer.', allowedMentions: { parse: [] } });
  answered.catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
});
client.once(Events.ClientReady, (ready) => process.stdout.write(`${JSON.stringify({ msg: 'ready', guilds: ready.guilds.cache.size })}\n`));
process.once('SIGTERM', () => void client.destroy().finally(() => process.exit(0)));
await client.login(env.DISCORD_TOKEN);

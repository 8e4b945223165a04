import { afterAll, describe, expect, it } from 'vitest';
import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle, Client, PermissionFlagsBits } from 'discord.js';
import type { Interaction } from 'discord.js';
import { connectLocalDiscord } from '../../src/local-discord/index.js';
import type { EmulatorInfo, LocalDiscord } from '../../src/local-discord/index.js';
import { runStandalone } from '../../src/local-discord/standalone.js';
import { INTENTS } from './helpers.js';

let emulator: LocalDiscord | null = null;
let client: Client | undefined;

afterAll(async () => {
  await client?.destroy();
  await emulator?.close();
});

async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isButton()) {
    await interaction.update({ content: 'thanks for voting', components: [] });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  await interaction.deferReply();
  await interaction.editReply({
    content: `A CTO answers: ${interaction.options.getString('question', true)}`,
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('helpful').setLabel('Helpful').setStyle(ButtonStyle.Primary))],
  });
}

describe('standalone process + control API + remote driver', () => {
  it('prints one JSON line, then a remote driver builds a guild and drives the real bot', async () => {
    const lines: string[] = [];
    emulator = await runStandalone(['--port', '0', '--global-limit', '100'], { out: (line) => lines.push(line), handleSignals: false });
    expect(lines).toHaveLength(1);
    const info = JSON.parse(lines[0] ?? '{}') as EmulatorInfo;
    expect(info.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);

    // What a load driver in another process does: talk to /_local over HTTP.
    const remote = await connectLocalDiscord(info.controlUrl);
    expect(remote.token).toBe(info.token);
    const owner = await remote.createUser({ username: 'riley' });
    const guild = await remote.createGuild({ name: 'CTO Community', ownerId: owner.id, botPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel });
    const channel = await remote.createChannel(guild.id, { name: 'general' });
    const member = await remote.createMember(guild.id, { username: 'ada' });

    client = new Client({ intents: INTENTS, rest: { api: info.apiUrl } });
    client.on('interactionCreate', (interaction) => void bot(interaction));
    const ready = new Promise((resolve) => client?.once('clientReady', resolve));
    await client.login(info.token);
    await ready;
    await client.application?.commands.set([{ name: 'ask', description: 'Ask', options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Q', required: true }] }]);
    expect((await remote.commands()).map((c) => c.name)).toEqual(['ask']);

    const result = await remote.invoke('/ask', { question: 'How do I scale?' }, { guildId: guild.id, userId: member.user.id });
    expect(result.callback?.type).toBe(5);
    expect(result.reply?.content).toBe('A CTO answers: How do I scale?');
    const seen = await remote.waitForMessage(channel.id, (m) => m.content.startsWith('A CTO answers'));
    expect(seen.id).toBe(result.reply?.id);

    const clicked = await remote.click(seen, 'Helpful', { quietMs: 20 });
    expect(clicked.reply?.content).toBe('thanks for voting');
    expect(clicked.settled).toBe(true);
    const crafted = await remote.craft({ kind: 'button', customId: 'never-shown', message: seen }, { userId: member.user.id });
    expect(crafted.callback?.type).toBe(7);
    const updated = await remote.waitForInteraction(result.interactionId, (r) => r.reply?.content === 'thanks for voting');
    expect(updated.reply?.components).toEqual([]);

    const thread = await client.channels.fetch(channel.id).then((fetched) => (fetched?.isTextBased() && 'threads' in fetched ? fetched.threads.create({ name: 'Side topic' }) : null));
    expect((await remote.channels(guild.id)).map((listed) => listed.name)).toEqual(['general', 'Side topic']);
    expect(thread?.name).toBe('Side topic');

    await expect(remote.invoke('/nope', {}, { guildId: guild.id })).rejects.toThrow(/not registered/);
    const stats = await remote.stats();
    expect(stats.interactions.acknowledged).toBe(3);
    expect(stats.violations).toEqual({ route: 0, global: 0 });
    expect((await remote.requests()).some((r) => r.route === 'PATCH /webhooks/:webhookId/:token/messages/:messageId')).toBe(true);
  });
});

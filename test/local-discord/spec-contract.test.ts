import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  ModalBuilder,
} from 'discord.js';
import type { ApplicationCommandDataResolvable, ForumChannel, Interaction, NewsChannel, TextChannel } from 'discord.js';
import { ROUTES } from '../../src/local-discord/rest/routes.js';
import { auditResponse } from '../../src/local-discord/rest/spec-gate.js';
import { specRouteTable } from '../../src/local-discord/spec/route-table.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  { name: 'raw', description: 'Answers with the callback the test chose, then a valid one', defaultMemberPermissions: PermissionFlagsBits.ManageGuild },
  { name: 'flow', description: 'Defers, edits, follows up' },
  { name: 'menu', description: 'A select and a button' },
  { name: 'form', description: 'Opens a form' },
];

const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.ManageMessages;

/** The body the next /raw sends as its first callback, and what became of it. */
let rawCallback: unknown = null;
let rawOutcome: Promise<unknown> = Promise.resolve(null);

async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `noted: ${interaction.fields.getTextInputValue('note')}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isButton()) {
    await interaction.update({ content: 'pressed', components: [] });
    return;
  }
  if (interaction.isStringSelectMenu()) {
    await interaction.showModal(new ModalBuilder().setCustomId('note-form').setTitle('Note').addActionRowComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Short))));
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'raw': {
      const sent = interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: rawCallback, auth: false });
      rawOutcome = sent.then(
        () => null,
        (error: unknown) => error,
      );
      if ((await rawOutcome) !== null) await interaction.reply('answered properly');
      return;
    }
    case 'flow':
      await interaction.deferReply();
      await interaction.editReply({ content: 'done', embeds: [{ title: 'Result', fields: [{ name: 'a', value: 'b' }] }] });
      await interaction.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
      return;
    case 'menu':
      await interaction.reply({
        content: 'pick',
        components: [
          new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(new StringSelectMenuBuilder().setCustomId('pick').addOptions({ label: 'One', value: '1' })),
          new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('press').setLabel('Press').setStyle(ButtonStyle.Primary)),
        ],
      });
      return;
    case 'form':
      await interaction.showModal(new ModalBuilder().setCustomId('note-form').setTitle('Note').addActionRowComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Short))));
      return;
  }
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness(bot, { botPermissions: BOT_PERMISSIONS });
  await h.client.application.commands.set(COMMANDS, h.guildId);
});

afterAll(async () => {
  await h.close();
});

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

async function channelOf<T>(kind: 'text' | 'announcement' | 'forum', name: string): Promise<T> {
  const created = once(h.client, 'channelCreate');
  const channel = await h.discord.createChannel(h.guildId, { name, type: kind });
  await created;
  return h.client.channels.cache.get(channel.id) as T;
}

describe("requests checked against Discord's API spec", () => {
  it('GIVEN an embed title of 300 characters THEN it is refused with 50035, the spec operation, the field path and what the spec expects', async () => {
    const before = (await h.discord.stats()).spec.requestsRefused;
    const error = await apiError(h.client.rest.post(Routes.channelMessages(h.channelId), { body: { embeds: [{ title: 'x'.repeat(300) }] } }));
    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.message).toContain('POST /channels/{channel_id}/messages');
    expect(error.message).toContain('embeds[0].title should be at most 256 characters');
    expect(error.rawError).toMatchObject({ errors: { embeds: { '0': { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect((await h.discord.stats()).spec.requestsRefused).toBe(before + 1);
    expect(await h.discord.messages(h.channelId)).toEqual([]);
  });

  it('GIVEN an interaction callback of a type Discord does not have THEN it is refused with the types the spec allows', async () => {
    rawCallback = { type: 3 };
    const result = await h.discord.invoke('/raw', {}, { guildId: h.guildId });
    const error = (await rawOutcome) as DiscordAPIError;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error.code).toBe(50035);
    expect(error.message).toContain('POST /interactions/{interaction_id}/{interaction_token}/callback');
    expect(error.message).toContain('type should be one of 1, 4, 5, 6, 7, 8, 9, 12, 13');
    expect(error.rawError).toMatchObject({ errors: { type: { _errors: [{ code: 'BASE_TYPE_CHOICES' }] } } });
    expect(result.reply?.content).toBe('answered properly');
  });

  it('GIVEN a field the spec does not have THEN it is refused (Discord would drop it silently, so a misspelt field would go unnoticed)', async () => {
    const error = await apiError(h.client.rest.post(Routes.channelMessages(h.channelId), { body: { content: 'hi', allowed_mention: { parse: [] } } }));
    expect(error.message).toContain('allowed_mention should be no such field');
    expect(error.rawError).toMatchObject({ errors: { allowed_mention: { _errors: [{ code: 'UNKNOWN_FIELD' }] } } });
  });

  it("GIVEN discord.js's fields Discord ignores THEN only the values discord.js sends pass: tts false on an edit, not tts true", async () => {
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const message = await channel.send('edit me');
    expect((await message.edit('edited')).content).toBe('edited');
    const followUpOwner = await h.discord.invoke('/flow', {}, { guildId: h.guildId });
    const edit = (tts: boolean) => h.client.rest.patch(Routes.webhookMessage(h.discord.applicationId, followUpOwner.token, '@original'), { body: { content: 'again', tts }, auth: false });
    await edit(false);
    const refused = await apiError(edit(true));
    expect(refused.message).toContain('tts should be one of false');
  });
});

describe("the local Discord's answers checked against Discord's API spec", () => {
  it('GIVEN a flow over the routes the bot uses THEN every answer passes strict validation, and messages come back as Discord normalizes them', async () => {
    const rest = h.client.rest;
    const text = await channelOf<TextChannel>('text', 'flow');
    const news = await channelOf<NewsChannel>('announcement', 'news');
    const forum = await channelOf<ForumChannel>('forum', 'forum');

    const posted = await text.send({
      content: 'a menu',
      embeds: [{ title: 'T', fields: [{ name: 'n', value: 'v' }] }],
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(new StringSelectMenuBuilder().setCustomId('s').addOptions({ label: 'L', value: 'v' }))],
    });
    const raw = (await rest.get(Routes.channelMessage(text.id, posted.id))) as { components: { id: number; components: { id: number; min_values: number; max_values: number }[] }[]; embeds: { fields: { inline: boolean }[] }[] };
    expect(raw.components[0]).toMatchObject({ id: 1, components: [{ id: 2, min_values: 1, max_values: 1 }] });
    expect(raw.embeds[0]?.fields[0]?.inline).toBe(false);
    await posted.edit({ content: 'edited' });
    await text.messages.fetch({ limit: 10 });
    const thread = await posted.startThread({ name: 'talk' });
    await thread.send('in the thread');
    await thread.members.add('@me');
    await rest.get(Routes.threadMembers(thread.id, h.client.user.id));
    await thread.members.remove('@me');
    await forum.threads.create({ name: 'a post', message: { content: 'starter' } });
    const announcement = await news.send('news');
    await announcement.crosspost();
    await posted.delete();
    await rest.get(Routes.channel(text.id));
    await rest.get(Routes.guild(h.guildId), { query: new URLSearchParams({ with_counts: 'true' }) });
    await rest.get(Routes.guildChannels(h.guildId));
    await rest.get(Routes.guildActiveThreads(h.guildId));
    await rest.get(Routes.guildRoles(h.guildId));
    await rest.get(Routes.guildMember(h.guildId, h.ownerId));
    await rest.get(Routes.guildMembers(h.guildId), { query: new URLSearchParams({ limit: '10' }) });
    await rest.get(Routes.guildMembersSearch(h.guildId), { query: new URLSearchParams({ query: 'c' }) });
    await rest.get(Routes.user(h.ownerId));
    const dm = (await h.client.users.fetch(h.ownerId)).createDM();
    await (await dm).send('hello');
    await rest.get(Routes.applicationGuildCommands(h.discord.applicationId, h.guildId));
    const [command] = (await rest.get(Routes.applicationGuildCommands(h.discord.applicationId, h.guildId))) as { id: string }[];
    await rest.get(Routes.applicationGuildCommand(h.discord.applicationId, h.guildId, command?.id ?? ''));
    await rest.get(Routes.oauth2CurrentApplication());

    const flow = await h.discord.invoke('/flow', {}, { guildId: h.guildId });
    await h.discord.waitForInteraction(flow.interactionId, (r) => r.followUps.length === 1);
    const menu = await h.discord.invoke('/menu', {}, { guildId: h.guildId });
    const opened = await h.discord.select(menu.reply ?? { id: '', channel_id: '' }, 'pick', ['1'], { guildId: h.guildId });
    const noted = await h.discord.submitModal(opened, { note: 'ok' });
    expect(noted.reply?.interaction_metadata).toMatchObject({ type: 5, triggering_interaction_metadata: { type: 3, interacted_message_id: menu.reply?.id } });
    expect(noted.reply?.interaction_metadata).not.toHaveProperty('interacted_message_id');
    await h.discord.click(menu.reply ?? { id: '', channel_id: '' }, 'Press', { guildId: h.guildId });
    const form = await h.discord.invoke('/form', {}, { guildId: h.guildId });
    await h.discord.submitModal(form, { note: 'from a command' });
    await rest.get(Routes.webhookMessage(h.discord.applicationId, flow.token, '@original'), { auth: false });
    await rest.delete(Routes.webhookMessage(h.discord.applicationId, flow.token, flow.followUps[0]?.id ?? '@original'), { auth: false }).catch(() => undefined);

    const { spec } = await h.discord.stats();
    expect(spec.mode).toBe('enforce');
    expect(spec.violations.filter((line) => line.startsWith('response'))).toEqual([]);
    expect(spec.invalidResponses).toBe(0);
    expect(spec.responsesChecked).toBeGreaterThan(40);
    expect(ChannelType.GuildForum).toBe(forum.type);
  });

  it('GIVEN the routes only tools use (commands one by one, the application, the gateway) THEN their answers pass strict validation too', async () => {
    const rest = h.client.rest;
    const app = h.discord.applicationId;
    const scopes = [Routes.applicationCommands(app), Routes.applicationGuildCommands(app, h.guildId)];
    for (const scope of scopes) {
      const created = (await rest.post(scope, { body: { name: 'extra', description: 'One more', default_member_permissions: '32' } })) as { id: string };
      const one = scope === scopes[0] ? Routes.applicationCommand(app, created.id) : Routes.applicationGuildCommand(app, h.guildId, created.id);
      await rest.get(one);
      await rest.patch(one, { body: { description: 'Edited' } });
      await rest.delete(one);
    }
    await rest.get(Routes.user());
    await rest.get(Routes.currentApplication());
    await rest.get(Routes.gateway(), { auth: false });
    const { spec } = await h.discord.stats();
    expect(spec.violations.filter((line) => line.startsWith('response'))).toEqual([]);
  });

  it('GIVEN an answer off the spec (an emulator bug) THEN it becomes a 500 naming the field, and stats count it', () => {
    const core = h.discord.core;
    const before = core.stats.data.spec.invalidResponses;
    const body = { id: h.ownerId, username: 'no flags', discriminator: '0', global_name: null, avatar: null };
    const result = auditResponse(core, 'GET /users/:userId', `/users/${h.ownerId}`, { status: 200, body }, JSON.stringify(body));
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).toContain('GET /users/{user_id} → 200 (UserResponse): public_flags should be a number (required)');
    expect(JSON.stringify(result.body)).toContain('primary_guild should be an object (required)');
    expect(core.stats.data.spec.invalidResponses).toBe(before + 1);
    core.stats.data.spec.invalidResponses = before;
  });

  it("GIVEN the emulator's routes THEN each answers an operation of Discord's spec", () => {
    const undescribed = specRouteTable(ROUTES).filter((entry) => entry.operations.length === 0);
    expect(undescribed).toEqual([]);
  });
});

import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DiscordAPIError, GatewayIntentBits, PermissionFlagsBits, InteractionResponseType, MessageFlags, Routes } from 'discord.js';
import type { ApplicationCommandDataResolvable, Client, GuildMember, Interaction, TextChannel } from 'discord.js';
import { startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord } from '../../src/local-discord/index.js';
import { login, makeClient, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  { name: 'loud', description: 'Replies and follows up naming a user, a role and @everyone, without allowed_mentions' },
  { name: 'quiet', description: 'Replies pinging nobody, then edits without allowed_mentions' },
  { name: 'plain', description: 'Replies, and lets the test use its webhook' },
  { name: 'raw', description: 'Sends the callback the test chose' },
  { name: 'thinking', description: 'Defers, then follows up without allowed_mentions' },
];

/** What the mention tests put in every message: a member, a mentionable role and @everyone. */
let pingText = '';
/** The callback /raw and the button send (with_response=true), and what came back. */
let rawCallback: { type: number; data?: unknown } = { type: 1 };
let rawOutcome: Promise<unknown> = Promise.resolve(null);

/** Sends the test's callback; a deferred one is then finished with an edit, a refused one answered properly. */
async function answerRaw(interaction: Interaction & { id: string; token: string; applicationId: string }): Promise<void> {
  const sent = interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: rawCallback, auth: false, query: new URLSearchParams({ with_response: 'true' }) });
  rawOutcome = sent.catch((error: unknown) => error);
  const outcome = await rawOutcome;
  if (outcome instanceof Error) {
    if (interaction.isRepliable()) await interaction.reply('answered properly');
  } else if (rawCallback.type === InteractionResponseType.DeferredChannelMessageWithSource || rawCallback.type === InteractionResponseType.DeferredMessageUpdate) {
    await interaction.client.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token), { body: { content: 'done after deferring', components: [] }, auth: false });
  }
}

async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isButton()) {
    await answerRaw(interaction);
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'loud':
      // The harness's client has no default allowedMentions: discord.js leaves the field out.
      await interaction.reply(`reply ${pingText}`);
      await interaction.followUp(`follow-up ${pingText}`);
      return;
    case 'quiet':
      await interaction.reply({ content: `quiet ${pingText}`, allowedMentions: { parse: [] } });
      await interaction.client.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token), { body: { content: `edited ${pingText}` }, auth: false });
      return;
    case 'plain':
      await interaction.reply('plain');
      return;
    case 'thinking':
      await interaction.deferReply();
      await interaction.followUp(`done ${pingText}`);
      return;
    case 'raw':
      await answerRaw(interaction);
      return;
  }
}

describe('mentions and interaction webhooks as Discord has them', () => {
  let h: Harness;
  let member: GuildMember | { user: { id: string } };
  let roleId: string;

  beforeAll(async () => {
    h = await startHarness(bot, { botPermissions: PermissionFlagsBits.Administrator, rateLimits: { routes: { 'POST /webhooks/:webhookId/:token': { limit: 3, windowMs: 60_000 } } } });
    await h.client.application.commands.set(COMMANDS, h.guildId);
    const role = await h.discord.createRole(h.guildId, { name: 'Engineers', mentionable: true });
    roleId = role.id;
    member = await h.discord.createMember(h.guildId, { username: 'grace' });
    pingText = `<@${member.user.id}> <@&${roleId}> @everyone`;
  });
  afterAll(async () => {
    await h.close();
  });

  it('GIVEN a channel message without allowed_mentions THEN users, roles and @everyone are parsed (the bot has Mention Everyone)', async () => {
    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const sent = await channel.send(`message ${pingText}`);
    const logged = (await h.discord.messages(h.channelId)).find((m) => m.id === sent.id);
    expect(logged?.pinged).toEqual({ everyone: true, roles: [roleId], users: [member.user.id] });
  });

  it('GIVEN an interaction reply and a follow-up without allowed_mentions THEN only the user is parsed, not the role nor @everyone', async () => {
    const result = await h.discord.invoke('/loud', {}, { guildId: h.guildId, channelId: h.channelId });
    expect(result.reply?.allowedMentions).toBeNull();
    expect(result.reply?.pinged).toEqual({ everyone: false, roles: [], users: [member.user.id] });
    expect(result.reply?.mention_roles).toEqual([]);
    expect(result.reply?.mention_everyone).toBe(false);
    expect(result.followUps).toHaveLength(1);
    expect(result.followUps[0]?.pinged).toEqual({ everyone: false, roles: [], users: [member.user.id] });
  });

  it('GIVEN a deferred reply whose follow-up has no allowed_mentions THEN the user only is parsed there too', async () => {
    const result = await h.discord.invoke('/thinking', {}, { guildId: h.guildId, channelId: h.channelId });
    expect(result.reply?.content).toBe(`done ${pingText}`);
    expect(result.reply?.pinged).toEqual({ everyone: false, roles: [], users: [member.user.id] });
  });

  it("GIVEN an edit without allowed_mentions THEN its content is parsed with the defaults, not the original message's settings", async () => {
    const result = await h.discord.invoke('/quiet', {}, { guildId: h.guildId, channelId: h.channelId });
    // The edit is a second request after the reply: on a loaded machine it can come after the interaction looked settled.
    const reply = await h.discord.waitForMessage(h.channelId, (message) => message.id === result.reply?.id && message.content.startsWith('edited'));
    expect(reply.content).toBe(`edited ${pingText}`);
    // The original said parse: []; the edit said nothing, so interaction defaults apply: users only.
    expect(reply.pinged).toEqual({ everyone: false, roles: [], users: [member.user.id] });

    const channel = h.client.channels.cache.get(h.channelId) as TextChannel;
    const sent = await channel.send({ content: `silent ${pingText}`, allowedMentions: { parse: [] } });
    expect((await h.discord.messages(h.channelId)).find((m) => m.id === sent.id)?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    await h.client.rest.patch(Routes.channelMessage(h.channelId, sent.id), { body: { content: `loud now ${pingText}` } });
    const edited = (await h.discord.messages(h.channelId)).find((m) => m.id === sent.id);
    expect(edited?.allowedMentions).toBeNull();
    expect(edited?.pinged).toEqual({ everyone: true, roles: [roleId], users: [member.user.id] });
    // An edit that leaves the content alone leaves its mentions alone.
    await h.client.rest.patch(Routes.channelMessage(h.channelId, sent.id), { body: { embeds: [{ title: 'card' }] } });
    expect((await h.discord.messages(h.channelId)).find((m) => m.id === sent.id)?.pinged).toEqual({ everyone: true, roles: [roleId], users: [member.user.id] });
  });

  it('GIVEN follow-ups, edits and deletes on one interaction token THEN they count in one bucket, and a follow-up without wait=true still returns the message', async () => {
    const result = await h.discord.invoke('/plain', {}, { guildId: h.guildId, channelId: h.channelId });
    const base = `${h.discord.apiUrl}/v10/webhooks/${h.client.application.id}/${result.token}`;
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    const created = await send('POST', '', { content: 'a follow-up' });
    expect(created.status).toBe(200);
    const followUp = (await created.json()) as { id: string; content: string };
    expect(followUp.content).toBe('a follow-up');
    const bucket = created.headers.get('x-ratelimit-bucket');
    const edited = await send('PATCH', '/messages/@original', { content: 'plain, edited' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('x-ratelimit-bucket')).toBe(bucket);
    expect(edited.headers.get('x-ratelimit-remaining')).toBe('1');
    const deleted = await send('DELETE', `/messages/${followUp.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('x-ratelimit-remaining')).toBe('0');
    // The fourth call on the token, whatever its route, is over the shared limit of three.
    const refused = await send('PATCH', '/messages/@original', { content: 'too many' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-bucket')).toBe(bucket);
    expect((await h.discord.messages(h.channelId)).find((m) => m.id === result.reply?.id)?.content).toBe('plain, edited');
  });

  it('GIVEN with_response=true THEN the resource and its message come only with callbacks 4 and 7, not with a deferred reply or update', async () => {
    const ask = async (callback: typeof rawCallback) => {
      rawCallback = callback;
      await h.discord.invoke('/raw', {}, { guildId: h.guildId, channelId: h.channelId });
      return (await rawOutcome) as { interaction: { response_message_id?: string }; resource: { type: number; message?: { content: string } } };
    };
    const replied = await ask({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'with the message' } });
    expect(replied.resource).toMatchObject({ type: 4, message: { content: 'with the message' } });
    const deferred = await ask({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    expect(deferred.resource).toBeUndefined();
    expect(deferred.interaction.response_message_id).toBeDefined();

    const card = async () => {
      rawCallback = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'card', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: 'go' }] }] } };
      const result = await h.discord.invoke('/raw', {}, { guildId: h.guildId, channelId: h.channelId });
      if (!result.reply) throw new Error('no card');
      return result.reply;
    };
    const first = await card();
    rawCallback = { type: InteractionResponseType.UpdateMessage, data: { content: 'updated', components: [] } };
    await h.discord.click(first, 'Go', { guildId: h.guildId, channelId: h.channelId });
    expect(((await rawOutcome) as { resource: unknown }).resource).toMatchObject({ type: 7, message: { content: 'updated' } });
    const second = await card();
    rawCallback = { type: InteractionResponseType.DeferredMessageUpdate };
    const clicked = await h.discord.click(second, 'Go', { guildId: h.guildId, channelId: h.channelId });
    expect(((await rawOutcome) as { resource?: unknown }).resource).toBeUndefined();
    expect(clicked.reply?.content).toBe('done after deferring');
  });

  it('GIVEN a deferred callback with a flag other than EPHEMERAL THEN 50035 on data.flags; EPHEMERAL alone passes', async () => {
    const refusedWith = async (callback: typeof rawCallback) => {
      rawCallback = callback;
      const result = await h.discord.invoke('/raw', {}, { guildId: h.guildId, channelId: h.channelId });
      expect(result.reply?.content).toBe('answered properly');
      const error = await rawOutcome;
      expect(error).toBeInstanceOf(DiscordAPIError);
      return error as DiscordAPIError;
    };
    const silent = await refusedWith({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.SuppressNotifications } });
    expect(silent.code).toBe(50035);
    expect(silent.rawError).toMatchObject({ errors: { data: { flags: { _errors: [{ code: 'MESSAGE_FLAGS_INVALID' }] } } } });
    expect((await refusedWith({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds } })).code).toBe(50035);

    rawCallback = { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } };
    const ephemeral = await h.discord.invoke('/raw', {}, { guildId: h.guildId, channelId: h.channelId });
    expect(await rawOutcome).toMatchObject({ interaction: { response_message_ephemeral: true, response_message_loading: true } });
    expect(ephemeral.reply).toMatchObject({ content: 'done after deferring', ephemeralFor: h.ownerId });
  });
});

describe('a DM with the bot', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('GIVEN a command in a DM THEN authorizing_integration_owners names the guild install with "0", and the context is a bot DM', async () => {
    const seen: Interaction[] = [];
    h = await startHarness(async (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) await interaction.reply('hi');
    });
    await h.client.application.commands.set([{ name: 'hello', description: 'Hello', contexts: [0, 1] }]);
    const user = await h.discord.createUser({ username: 'dm-user' });
    const result = await h.discord.invoke('/hello', {}, { userId: user.id });
    expect(result.reply?.content).toBe('hi');
    expect(seen[0]?.authorizingIntegrationOwners.guildId).toBe('0');
    expect(seen[0]?.authorizingIntegrationOwners.userId).toBeNull();
    expect(seen[0]?.context).toBe(1);
    const inGuild = await h.discord.invoke('/hello', {}, { guildId: h.guildId });
    expect(inGuild.reply?.content).toBe('hi');
    expect(seen[1]?.authorizingIntegrationOwners.guildId).toBe(h.guildId);
  });
});

describe('the gateway', () => {
  let discord: LocalDiscord | undefined;
  let client: Client | undefined;
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await client?.destroy();
    await discord?.close();
    client = undefined;
    discord = undefined;
  });

  /** A bare gateway socket: every frame it receives, and its close code. */
  function connect(d: LocalDiscord) {
    const socket = new WebSocket(`${d.gatewayUrl}?v=10&encoding=json`);
    sockets.push(socket);
    const frames: { op: number; s: number | null; t: string | null; d: Record<string, unknown> | null }[] = [];
    const waiters: (() => void)[] = [];
    socket.on('message', (raw: Buffer) => {
      frames.push(JSON.parse(raw.toString()) as (typeof frames)[number]);
      for (const wake of waiters.splice(0)) wake();
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const frame = async (match: (f: (typeof frames)[number]) => boolean) => {
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    return { socket, frames, closed, frame };
  }

  it('GIVEN a RESUME with a sequence the session never reached THEN the socket closes with 4007; a true sequence resumes', async () => {
    discord = await startLocalDiscord({ port: 0 });
    await discord.createGuild({ name: 'One' });
    const first = connect(discord);
    await first.frame((f) => f.op === 10);
    first.socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
    const ready = await first.frame((f) => f.t === 'READY');
    const last = await first.frame((f) => f.t === 'GUILD_CREATE');
    const sessionId = String(ready.d?.session_id);
    first.socket.close(4000);
    await first.closed;

    const bad = connect(discord);
    await bad.frame((f) => f.op === 10);
    bad.socket.send(JSON.stringify({ op: 6, d: { token: discord.token, session_id: sessionId, seq: (last.s ?? 0) + 100 } }));
    expect(await bad.closed).toBe(4007);

    const good = connect(discord);
    await good.frame((f) => f.op === 10);
    good.socket.send(JSON.stringify({ op: 6, d: { token: discord.token, session_id: sessionId, seq: last.s } }));
    expect((await good.frame((f) => f.t === 'RESUMED')).op).toBe(0);
  });

  it('GIVEN a bot without the Server Members intent THEN it still receives GUILD_MEMBER_UPDATE for itself, and not for others', async () => {
    discord = await startLocalDiscord({ port: 0 });
    const guild = await discord.createGuild({ name: 'One', botPermissions: 0n });
    const role = await discord.createRole(guild.id, { name: 'Helpers' });
    const other = await discord.createMember(guild.id, { username: 'someone' });
    client = makeClient(discord, { intents: [GatewayIntentBits.Guilds] });
    const events: string[] = [];
    client.on('raw', (packet: { t?: string; d?: { user?: { id: string } } }) => {
      if (packet.t === 'GUILD_MEMBER_UPDATE') events.push(packet.d?.user?.id ?? '?');
    });
    const ready = await login(client, discord);
    await discord.updateMember(guild.id, other.user.id, { roles: [role.id] });
    const updated = once(ready, 'guildMemberUpdate');
    await discord.updateMember(guild.id, ready.user.id, { roles: [...(guild.botRoleId ? [guild.botRoleId] : []), role.id] });
    await updated;
    expect(events).toEqual([ready.user.id]);
    expect(ready.guilds.cache.get(guild.id)?.members.me?.roles.cache.has(role.id)).toBe(true);
  });
});

import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApplicationCommandType, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { ApplicationCommandDataResolvable, Interaction, Message, PartialMessage, TextChannel } from 'discord.js';
import { DiscordError } from '../../src/local-discord/errors.js';
import { connectLocalDiscord } from '../../src/local-discord/index.js';
import { validateCommandList } from '../../src/local-discord/validation/commands.js';
import { apiError, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const P = PermissionFlagsBits;
/** A Q&A bot's intents: no Message Content, as CTO Mentor runs. */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMembers, GatewayIntentBits.DirectMessages];

const message = (name: string) => ({ type: ApplicationCommandType.Message, name }) as const;
const user = (name: string) => ({ type: ApplicationCommandType.User, name }) as const;
const COMMANDS: ApplicationCommandDataResolvable[] = [{ name: 'ask', description: 'Ask the mentor' }, message('Mark as answer'), message('Track as a question'), user('Show expertise')];

/** The bot under test: answers a message command with what it read, and replies to the target message publicly. */
async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isMessageContextMenuCommand()) {
    const target = interaction.targetMessage;
    if (interaction.commandName === 'Track as a question') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await target.reply({ content: 'Tracked as a question.', allowedMentions: { repliedUser: false } });
      await interaction.editReply('done');
      return;
    }
    await interaction.reply({ content: `${interaction.commandName}: ${target.author.username} said "${target.content}"`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isUserContextMenuCommand()) {
    const roles = interaction.targetMember && 'roles' in interaction.targetMember ? interaction.targetMember.roles : null;
    await interaction.reply({ content: `${interaction.targetUser.username} is ${roles ? 'a member' : 'no member'}`, flags: MessageFlags.Ephemeral });
  }
}

let h: Harness;
let general: TextChannel;
let memberId: string;
let otherId: string;
let moderatorId: string;
/** A dispatch as it came over the gateway. */
interface Dispatch {
  t: string;
  d: { id?: string } & Record<string, unknown>;
}
/** Every INTERACTION_CREATE, MESSAGE_CREATE and MESSAGE_DELETE the bot received. */
const raw: Dispatch[] = [];

beforeAll(async () => {
  h = await startHarness(bot, { client: { intents: INTENTS } });
  h.client.on('raw', (packet: Dispatch) => {
    if (packet.t === 'INTERACTION_CREATE' || packet.t === 'MESSAGE_CREATE' || packet.t === 'MESSAGE_DELETE') raw.push(packet);
  });
  await h.client.application.commands.set(COMMANDS, h.guildId);
  general = h.client.channels.cache.get(h.channelId) as TextChannel;
  memberId = (await h.discord.createMember(h.guildId, { username: 'sam' })).user.id;
  otherId = (await h.discord.createMember(h.guildId, { username: 'alex' })).user.id;
  const moderators = await h.discord.createRole(h.guildId, { name: 'Moderators', permissions: P.ManageMessages });
  moderatorId = (await h.discord.createMember(h.guildId, { username: 'morgan', roles: [moderators.id] })).user.id;
});

afterAll(async () => {
  await h.close();
});

/** The latest dispatch of `event` about `id`. */
function lastRaw(event: string, id: string | undefined): Record<string, unknown> | undefined {
  return raw.filter((p) => p.t === event && p.d.id === id).at(-1)?.d;
}

describe('context-menu commands are registered with Discord\'s rules', () => {
  it('GIVEN user and message commands in a bulk overwrite THEN they are stored with their type and an empty description, ids kept on re-deploy, globally too', async () => {
    const stored = await h.discord.commands(h.guildId);
    const mark = stored.find((c) => c.name === 'Mark as answer');
    expect(mark).toMatchObject({ type: ApplicationCommandType.Message, description: '', guild_id: h.guildId });
    expect(mark?.options).toBeUndefined();
    expect(stored.find((c) => c.name === 'Show expertise')?.type).toBe(ApplicationCommandType.User);
    const again = await h.client.application.commands.set(COMMANDS, h.guildId);
    expect([...again.keys()].sort()).toEqual(stored.map((c) => c.id).sort());
    await h.client.application.commands.set([message('Mark as answer'), user('Show expertise')]);
    expect((await h.discord.commands()).map((c) => [c.type, c.name])).toEqual([
      [ApplicationCommandType.Message, 'Mark as answer'],
      [ApplicationCommandType.User, 'Show expertise'],
    ]);
    await h.client.application.commands.set([]);
  });

  it('GIVEN a sixth message or user command THEN 30032, in a bulk overwrite (global and guild) and on create; five of each pass beside chat-input commands', async () => {
    const five = (make: (name: string) => ApplicationCommandDataResolvable, prefix: string) => Array.from({ length: 5 }, (_, i) => make(`${prefix} ${i + 1}`));
    const fine = [...five(message, 'Message'), ...five(user, 'User'), { name: 'ask', description: 'Ask' }];
    expect((await h.client.application.commands.set(fine)).size).toBe(11);
    for (const guildId of [undefined, h.guildId]) {
      for (const make of [message, user]) {
        const error = await apiError(h.client.application.commands.set([...fine, make('One too many')], guildId as string));
        expect([error.status, error.code, error.message]).toEqual([400, 30032, 'Maximum number of application commands reached (5)']);
      }
    }
    const created = await apiError(h.client.application.commands.create(message('One too many')));
    expect(created.code).toBe(30032);
    // Creating a command under an existing name replaces it: no limit is reached.
    expect((await h.client.application.commands.create(message('Message 1'))).name).toBe('Message 1');
    expect((await h.discord.commands()).length).toBe(11);
    await h.client.application.commands.set([]);
  });

  it('GIVEN names with spaces and capitals THEN a context menu takes them over REST, and a chat-input command is refused with 50035 naming the field', async () => {
    expect((await h.client.application.commands.set([message('Answer from the KB'), user("Who's this?"), message('Mark'), user('Mark')], h.guildId)).size).toBe(4);
    const error = await apiError(h.client.rest.put(`/applications/${h.discord.applicationId}/guilds/${h.guildId}/commands`, { body: [{ name: 'Mark answer', description: 'x' }] }));
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect((error.rawError as { errors: unknown }).errors).toEqual({ '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } } });
    await h.client.application.commands.set(COMMANDS, h.guildId);
  });

  it('GIVEN context menus off Discord\'s rules THEN each is refused at its field: more than 32 characters, a description, options, a bad localized name, a duplicate, an unknown type', () => {
    const refused = (body: unknown[]) => {
      try {
        validateCommandList(body);
      } catch (error) {
        expect(error).toBeInstanceOf(DiscordError);
        expect((error as DiscordError).code).toBe(50035);
        return JSON.stringify((error as DiscordError).errors);
      }
      throw new Error('accepted');
    };
    expect(refused([{ type: 3, name: 'x'.repeat(33) }])).toBe('{"0":{"name":{"_errors":[{"code":"BASE_TYPE_BAD_LENGTH","message":"Must be between 1 and 32 in length."}]}}}');
    expect(refused([{ type: 3, name: '' }])).toContain('"name":{"_errors":[{"code":"BASE_TYPE_BAD_LENGTH"');
    expect(refused([{ type: 3, name: 'Mark', description: 'Marks an answer' }])).toContain('"description":{"_errors":[{"code":"APPLICATION_COMMAND_DESCRIPTION_INVALID"');
    expect(refused([{ type: 2, name: 'Who', options: [{ type: 3, name: 'a', description: 'a' }] }])).toContain('"options":{"_errors":[{"code":"APPLICATION_COMMAND_OPTIONS_INVALID"');
    expect(refused([{ type: 3, name: 'Mark', name_localizations: { fr: 'y'.repeat(33) } }])).toContain('"name_localizations":{"fr":{"_errors":[{"code":"BASE_TYPE_BAD_LENGTH"');
    expect(refused([{ name: 'mark', description: 'd', name_localizations: { fr: 'Marquer ça' } }])).toContain('"fr":{"_errors":[{"code":"APPLICATION_COMMAND_INVALID_NAME"');
    expect(refused([{ type: 3, name: 'Mark' }, { type: 3, name: 'Mark' }])).toContain('"1":{"name":{"_errors":[{"code":"APPLICATION_COMMAND_ALREADY_EXISTS"');
    expect(refused([{ type: 4, name: 'launch' }])).toContain('"type":{"_errors":[{"code":"BASE_TYPE_CHOICES"');
    // Accepted: an empty description, capitals, spaces and an apostrophe; an apostrophe in a chat-input name too.
    expect(validateCommandList([{ type: 3, name: "Mark as answer", description: '' }, { type: 2, name: "Who's this?" }, { name: "what's-new", description: 'd' }])).toHaveLength(3);
  });
});

describe('a member posts, replies and deletes; the bot without the Message Content intent', () => {
  it('GIVEN a plain member message THEN the bot gets MESSAGE_CREATE with the author and member but no content; a reply pinging the bot shows its content, not the replied-to member\'s', async () => {
    const created = once(h.client, 'messageCreate') as Promise<[Message]>;
    const question = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'How do I hire my first engineer?' });
    const [seen] = await created;
    expect([seen.id, seen.author.id, seen.content, seen.member?.id]).toEqual([question.id, memberId, '', memberId]);

    const botMessage = await general.send('Ask me anything.');
    const toBot = await h.discord.postMessage(h.channelId, { userId: otherId, content: 'Thanks!', replyTo: botMessage.id });
    expect(toBot).toMatchObject({ type: 19, message_reference: { message_id: botMessage.id, channel_id: h.channelId, guild_id: h.guildId } });
    expect(toBot.pinged.users).toEqual([h.discord.botUserId]);
    await vi.waitFor(() => expect(lastRaw('MESSAGE_CREATE', toBot.id)?.content).toBe('Thanks!'));

    const toMember = await h.discord.postMessage(h.channelId, { userId: otherId, content: 'Start with a contractor <@' + h.discord.botUserId + '>', replyTo: question.id, mentionRepliedUser: false });
    expect(toMember.pinged.users).toEqual([h.discord.botUserId]);
    const dispatched = await vi.waitFor(() => lastRaw('MESSAGE_CREATE', toMember.id) ?? Promise.reject(new Error('not yet')));
    expect(dispatched.content).toContain('Start with a contractor');
    expect(dispatched.referenced_message).toMatchObject({ id: question.id, content: '' });
  });

  it('GIVEN a channel hidden from the bot THEN it hears nothing of what members post or delete there', async () => {
    const hidden = await h.discord.createChannel(h.guildId, { name: 'moderators-only', permissionOverwrites: [{ id: h.discord.botUserId, type: 'member', deny: P.ViewChannel }] });
    const secret = await h.discord.postMessage(hidden.id, { userId: memberId, content: 'secret' });
    await h.discord.deleteMessage(secret, { userId: memberId });
    const created = once(h.client, 'messageCreate') as Promise<[Message]>;
    const visible = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'public' });
    expect((await created)[0].id).toBe(visible.id);
    expect(raw.some((p) => p.d.id === secret.id)).toBe(false);
  });

  it('GIVEN a reply to a message that does not exist THEN the driver refuses it', async () => {
    await expect(h.discord.postMessage(h.channelId, { userId: memberId, content: 'hm', replyTo: '1' })).rejects.toThrow();
  });

  it('GIVEN deletions THEN the author and a moderator may, another member may not; the bot gets MESSAGE_DELETE', async () => {
    const own = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'oops' });
    const deleted = once(h.client, 'messageDelete') as Promise<[Message | PartialMessage]>;
    await h.discord.deleteMessage(own, { userId: memberId });
    expect((await deleted)[0].id).toBe(own.id);

    const answer = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'spam' });
    await expect(h.discord.deleteMessage(answer, { userId: otherId })).rejects.toThrow('Missing Permissions');
    await h.discord.deleteMessage(answer, { userId: moderatorId });
    await vi.waitFor(() => expect(lastRaw('MESSAGE_DELETE', answer.id)).toMatchObject({ channel_id: h.channelId, guild_id: h.guildId }));
    expect((await h.discord.messages(h.channelId)).find((m) => m.id === answer.id)?.deleted).toBe(true);
  });
});

describe('message and user commands reach the bot as Discord sends them', () => {
  it('GIVEN "Mark as answer" on a member\'s message THEN data.type 3 with target_id and the full message in resolved.messages, although the bot lacks Message Content', async () => {
    const answer = await h.discord.postMessage(h.channelId, { userId: otherId, content: 'Hire a senior generalist first.' });
    const result = await h.discord.invokeMessageCommand('Mark as answer', answer, { userId: memberId });
    expect(result.reply?.content).toBe('Mark as answer: alex said "Hire a senior generalist first."');
    expect(result.ephemeral).toBe(true);
    const interaction = lastRaw('INTERACTION_CREATE', result.interactionId);
    expect(interaction).toMatchObject({ type: 2, channel_id: h.channelId, guild_id: h.guildId, member: { user: { id: memberId } } });
    const data = interaction?.data as { type: number; name: string; target_id: string; resolved: { messages: Record<string, { content: string; author: { id: string } }> } };
    expect(data).toMatchObject({ type: 3, name: 'Mark as answer', target_id: answer.id, guild_id: h.guildId });
    expect(data.resolved.messages[answer.id]).toMatchObject({ id: answer.id, content: 'Hire a senior generalist first.', author: { id: otherId }, channel_id: h.channelId });
    expect(Object.keys(data)).not.toContain('options');
  });

  it('GIVEN "Track as a question" THEN the bot replies to the target message (a REPLY with message_reference) without pinging its author', async () => {
    const question = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'What is a staff engineer?' });
    const result = await h.discord.invokeMessageCommand('Track as a question', question, { userId: otherId });
    expect(result.reply?.content).toBe('done');
    const reply = (await h.discord.messages(h.channelId)).find((m) => m.message_reference?.message_id === question.id && m.author.id === h.discord.botUserId);
    expect(reply).toMatchObject({ type: 19, content: 'Tracked as a question.', referenced_message: { id: question.id }, allowedMentions: { replied_user: false } });
    expect(reply?.pinged.users).toEqual([]);
    // The bot can read it back by id (GET /channels/:id/messages/:id).
    expect((await general.messages.fetch({ message: question.id, force: true })).content).toBe('What is a staff engineer?');
  });

  it('GIVEN the bot replies to a deleted message THEN 50035 at message_reference, unless fail_if_not_exists is false: then a plain message', async () => {
    const gone = await h.discord.postMessage(h.channelId, { userId: memberId, content: 'never mind' });
    await h.discord.deleteMessage(gone, { userId: memberId });
    const refused = await apiError(general.send({ content: 'Answer', reply: { messageReference: gone.id } }));
    expect(refused.rawError).toMatchObject({ code: 50035, errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE' }] } } });
    const sent = await general.send({ content: 'Answer anyway', reply: { messageReference: gone.id, failIfNotExists: false } });
    expect([sent.type, sent.reference]).toEqual([0, null]);
  });

  it('GIVEN a user command in a server THEN data.type 2 with resolved.users and resolved.members (with permissions, without user)', async () => {
    const result = await h.discord.invokeUserCommand('Show expertise', otherId, { userId: memberId, channelId: h.channelId });
    expect(result.reply?.content).toBe('alex is a member');
    const data = lastRaw('INTERACTION_CREATE', result.interactionId)?.data as { type: number; target_id: string; resolved: { users: Record<string, unknown>; members: Record<string, Record<string, unknown>> } };
    expect(data).toMatchObject({ type: 2, target_id: otherId, resolved: { users: { [otherId]: { id: otherId, username: 'alex' } } } });
    expect(data.resolved.members[otherId]).toHaveProperty('permissions');
    expect(data.resolved.members[otherId]).not.toHaveProperty('user');
  });

  it('GIVEN what Discord\'s client would not offer THEN the driver refuses: an unknown or wrongly typed command, a deleted or ephemeral message; unchecked sends a deleted one anyway', async () => {
    const gone = await h.discord.postMessage(h.channelId, { userId: otherId, content: 'soon gone' });
    await expect(h.discord.invokeMessageCommand('Show expertise', gone, { userId: memberId })).rejects.toThrow(/no message command "Show expertise".*"Mark as answer"/);
    await expect(h.discord.invokeUserCommand('Mark as answer', otherId, { userId: memberId, channelId: h.channelId })).rejects.toThrow(/no user command/);
    await h.discord.deleteMessage(gone, { userId: otherId });
    await expect(h.discord.invokeMessageCommand('Mark as answer', gone, { userId: memberId })).rejects.toThrow(/was deleted/);
    const stale = await h.discord.invokeMessageCommand('Mark as answer', gone, { userId: memberId, unchecked: true });
    expect(stale.reply?.content).toContain('soon gone');
    const ephemeral = await h.discord.invokeMessageCommand('Mark as answer', (await h.discord.postMessage(h.channelId, { userId: otherId, content: 'x' })), { userId: memberId });
    await expect(h.discord.invokeMessageCommand('Mark as answer', ephemeral.reply!, { userId: memberId })).rejects.toThrow(/ephemeral/);
  });

  it('GIVEN the driver over HTTP THEN message and user commands, replies and deletions work the same', async () => {
    const remote = await connectLocalDiscord(h.discord.controlUrl);
    const asked = await remote.postMessage(h.channelId, { userId: memberId, content: 'Remote question?' });
    const reply = await remote.postMessage(h.channelId, { userId: otherId, content: 'Remote answer.', replyTo: asked.id });
    expect(reply.message_reference?.message_id).toBe(asked.id);
    expect((await remote.invokeMessageCommand('Mark as answer', reply, { userId: memberId })).reply?.content).toContain('Remote answer.');
    expect((await remote.invokeUserCommand('Show expertise', memberId, { userId: otherId, channelId: h.channelId })).reply?.content).toBe('sam is a member');
    await remote.deleteMessage(reply, { userId: otherId });
    expect((await remote.messages(h.channelId)).find((m) => m.id === reply.id)?.deleted).toBe(true);
  });
});

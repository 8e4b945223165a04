import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApplicationCommandOptionType as O, ChannelType, ComponentType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { loadCommandRegistry } from '../../src/discord/registry.js';
import type { InteractionContext, InteractionResult, LoggedMessage, OptionValue } from '../../src/local-discord/index.js';
import { startTestBot, tickAfter, type TestBot } from '../e2e/support/harness.js';
import { isOwnServerLink, messageLinkTargets } from '../support/links.js';
import { commandTargets, type CommandTarget } from './support/fuzz-targets.js';
import { RELIABILITY } from './support/sizes.js';
import { pingViolations, visibleText } from './support/verdicts.js';

/**
 * Crafted input against every option of every registered command (the list comes from the command
 * definitions, so a new command or option is covered without anyone listing it): another server's
 * channel, role and member ids in every channel, role, user and mentionable option, and link-breaking
 * Markdown in every free-text option and every form field the bot opens.
 */

const DAY_MS = 24 * 60 * 60_000;
const ENTITY_TYPES = new Set<number>([O.Channel, O.Role, O.User, O.Mentionable]);

/** Every channel, role, user and mentionable option of every command path. */
function entityOptions(targets: readonly CommandTarget[]): { target: CommandTarget; option: APIApplicationCommandBasicOption }[] {
  return targets.flatMap((target) => target.options.filter((option) => ENTITY_TYPES.has(option.type)).map((option) => ({ target, option })));
}

/** Free-text options: strings a member types (no fixed choices). */
function textOptions(target: CommandTarget): APIApplicationCommandBasicOption[] {
  return target.options.filter((option) => option.type === O.String && !('choices' in option && option.choices?.length));
}

const channelTypesOf = (option: APIApplicationCommandBasicOption): readonly number[] =>
  option.type === O.Channel && option.channel_types?.length ? option.channel_types : [ChannelType.GuildText];

/** Plausible values a member would give, by option name; anything else gets a few words. */
const PLAIN: Record<string, OptionValue> = {
  at: '2099-01-01 09:00',
  timezone: 'UTC',
  time: '09:00',
  question: 'How do I hire my first SRE?',
  topic: 'hiring',
  text: 'How should a CTO plan the first SRE hire?',
  query: 'SRE hire',
  title: 'Quarterly update',
  id: 1,
  answer: 1,
  into: 2,
};

describe('another server’s ids in every channel, role, user and mentionable option', () => {
  let t: TestBot;
  let targets: CommandTarget[];
  const foreign = { channels: new Map<number, string>(), role: '', member: '', guildId: '' };

  beforeAll(async () => {
    // Global commands, so the second server has them too.
    t = await startTestBot({ env: { DISCORD_GUILD_ID: '' } });
    targets = commandTargets(await loadCommandRegistry());
    const owner = await t.discord.createUser({ username: 'quinn' });
    const guild = await t.discord.createGuild({ name: 'Other Server', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
    foreign.guildId = guild.id;
    for (const [type, kind] of [
      [ChannelType.GuildText, 'text'],
      [ChannelType.GuildAnnouncement, 'announcement'],
      [ChannelType.GuildForum, 'forum'],
      [ChannelType.GuildVoice, 'voice'],
    ] as const) {
      foreign.channels.set(type, (await t.discord.createChannel(guild.id, { name: `far-${kind}`, type: kind })).id);
    }
    foreign.role = (await t.discord.createRole(guild.id, { name: 'Far role', mentionable: true })).id;
    foreign.member = (await t.discord.createMember(guild.id, { username: 'pat' })).user.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A value of this server for an option, so the only foreign thing in an invocation is the one tested. */
  const homeValue = (option: APIApplicationCommandBasicOption): OptionValue => {
    const choices = 'choices' in option && option.choices?.length ? option.choices : null;
    if (choices?.[0]) return choices[0].value;
    if (option.type === O.Channel) return t.world.channelIds.get(channelTypesOf(option).includes(ChannelType.GuildAnnouncement) ? 'announcements' : 'general') ?? '';
    if (option.type === O.Role || option.type === O.Mentionable) return t.world.role('moderators') ?? '';
    if (option.type === O.User) return t.world.people.member;
    if (option.type === O.Boolean) return false;
    return PLAIN[option.name] ?? 'hiring';
  };

  /** Each foreign value an option can be given, and the refusal it must get. */
  const foreignValues = (option: APIApplicationCommandBasicOption): { value: string; refusal: string }[] => {
    const channel = (types: readonly number[]) => foreign.channels.get(types.find((type) => foreign.channels.has(type)) ?? ChannelType.GuildText) ?? '';
    if (option.type === O.Channel) return [{ value: channel(channelTypesOf(option)), refusal: `\`${option.name}\`: pick a channel of this server` }];
    if (option.type === O.Role) return [{ value: foreign.role, refusal: `\`${option.name}\`: pick a role of this server` }];
    if (option.type === O.User) return [{ value: foreign.member, refusal: `\`${option.name}\`: pick a member of this server` }];
    return [
      { value: foreign.role, refusal: `\`${option.name}\`: pick a role of this server` },
      { value: foreign.member, refusal: `\`${option.name}\`: pick a member of this server` },
    ];
  };

  it('GIVEN every entity option of every command, one at a time, with an id of another server THEN each is refused naming the option, and nothing reaches the other server', async () => {
    const cases = entityOptions(targets);
    // The list is derived, not written: it holds at least the options known today.
    expect(cases.map(({ target, option }) => `${target.path} ${option.name}`)).toEqual(
      expect.arrayContaining(['/tips setup channel', '/tips setup role', '/qa setup channel', '/qa setup digest', '/qa setup moderator-role', '/announce post channel', '/announce post ping', '/announce schedule channel', '/announce history channel', '/profile member']),
    );
    const owner: InteractionContext = { guildId: t.world.guild.id, channelId: t.world.channelIds.get('general') ?? '', userId: t.world.guild.ownerId, unchecked: true };
    const wrong: string[] = [];
    for (const { target, option } of cases) {
      for (const { value, refusal } of foreignValues(option)) {
        const options: Record<string, OptionValue> = {};
        for (const other of target.options) if ('required' in other && other.required) options[other.name] = homeValue(other);
        options[option.name] = value;
        const result = await t.discord.invoke(target.path, options, owner);
        const text = visibleText(result);
        if (result.modal || !text.includes(refusal) || result.reply?.ephemeralFor !== owner.userId) wrong.push(`${target.path} ${option.name}=${value}: ${result.modal ? 'opened a form' : JSON.stringify(text.slice(0, 160))}`);
      }
    }
    expect(wrong).toEqual([]);
    const farMessages = [...t.discord.core.state.channels.values()]
      .filter((channel) => channel.guildId === foreign.guildId)
      .flatMap((channel) => [...channel.messages.values()])
      .filter((stored) => stored.authorId === t.discord.botUserId);
    expect(farMessages).toEqual([]);
    const cached = t.bot.client.guilds.cache.get(t.world.guild.id);
    for (const id of [...foreign.channels.values(), foreign.role]) expect(cached?.channels.cache.has(id) || cached?.roles.cache.has(id)).toBe(false);
  });
});

/** Member text that tries to break out of the bot's Markdown, re-target its links, or ping. */
function hostile(role: string, user: string): string[] {
  return [
    `How do we hire a first SRE? ](https://evil.example/a) [Verify here](https://evil.example/b) <https://evil.example/c> \`tick ||spoiler|| # Heading\n# Heading\n- [masked](<https://evil.example/d>) @everyone @here <@&${role}> <@${user}> **bold _x`,
    `Hire an SRE? ](https://evil.example/a) [Verify](https://evil.example/b) || # H @everyone <@&${role}> <@${user}>`,
    `SRE? ](https://evil.example/a) [v](https://evil.example/b) @everyone`,
    `[v](https://evil.example/b) <@&${role}>`,
    '](https://evil.example)',
    '[x](<e>)`',
  ];
}

/** The longest hostile text a field takes. */
function fitting(texts: readonly string[], max: number | undefined, min = 0): string {
  return texts.find((text) => text.length <= (max ?? 4_000) && [...text].length >= min) ?? (texts.at(-1) ?? '');
}

/** Every address in the bot's shipped data (knowledge entries, tips): links it chose. */
function shippedUrls(): string {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
  return files('data').map((file) => readFileSync(file, 'utf8')).join('\n');
}

function announcementBodies(databasePath: string): Set<string> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return new Set(db.prepare<[], { body: string }>('SELECT body FROM announcements').all().map((row) => row.body));
  } finally {
    db.close();
  }
}

interface TextInput {
  readonly customId: string;
  readonly max?: number;
  readonly min?: number;
}

/** The text inputs of a form the bot opened, wherever they sit (action rows or labels). */
function textInputs(result: InteractionResult): TextInput[] {
  const found: TextInput[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const component = node as { type?: number; custom_id?: string; max_length?: number; min_length?: number; components?: unknown; component?: unknown };
    if (component.type === ComponentType.TextInput && component.custom_id) {
      found.push({ customId: component.custom_id, ...(component.max_length ? { max: component.max_length } : {}), ...(component.min_length ? { min: component.min_length } : {}) });
    }
    walk(component.components);
    walk(component.component);
  };
  walk(result.modal?.components);
  return found;
}

const ACT = /^(Post|Schedule|Submit|Approve|Save|Post mine anyway|Send|Publish|Confirm)/i;

describe('link-breaking Markdown in every free-text option and form field', () => {
  let t: TestBot;
  let targets: CommandTarget[];
  const clock = new ManualClock('2026-03-16T08:00:00Z');
  const results: InteractionResult[] = [];
  let texts: string[];

  beforeAll(async () => {
    t = await startTestBot({ clock });
    targets = commandTargets(await loadCommandRegistry());
    texts = hostile(t.world.role('moderators') ?? '', t.world.people.member);
    const general = t.world.channelIds.get('general') ?? '';
    await t.discord.invoke('/qa setup', { channel: t.world.channelIds.get('questions') ?? '', digest: general }, { guildId: t.world.guild.id, channelId: general, userId: t.world.guild.ownerId });
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (who: 'owner' | 'member'): InteractionContext => ({
    guildId: t.world.guild.id,
    channelId: t.world.channelIds.get('general') ?? '',
    userId: who === 'owner' ? t.world.guild.ownerId : t.world.people.member,
  });

  const plainValue = (option: APIApplicationCommandBasicOption): OptionValue => {
    const choices = 'choices' in option && option.choices?.length ? option.choices : null;
    if (choices?.[0]) return choices[0].value;
    if (option.type === O.Channel) return t.world.channelIds.get(channelTypesOf(option).includes(ChannelType.GuildAnnouncement) ? 'announcements' : 'general') ?? '';
    if (option.type === O.Boolean) return false;
    if (option.type === O.Role || option.type === O.Mentionable || option.type === O.User) return t.world.people.member;
    return PLAIN[option.name] ?? 'hiring';
  };

  /** Sends an interaction; a refusal the local Discord makes (a form rule) is not the bot's doing. */
  const record = async (send: () => Promise<InteractionResult>): Promise<InteractionResult | null> => {
    try {
      const result = await send();
      results.push(result);
      return result;
    } catch {
      return null;
    }
  };

  /** Fills a form with hostile text, then presses what carries it on (Post, Approve…) once. */
  const followThrough = async (result: InteractionResult | null, who: InteractionContext): Promise<void> => {
    if (!result) return;
    let shown = result;
    if (result.modal) {
      const values = Object.fromEntries(textInputs(result).map((input) => [input.customId, fitting(texts, input.max, input.min)]));
      const submitted = await record(() => t.discord.submitModal(result, values));
      if (!submitted) return;
      shown = submitted;
    }
    const message = shown.reply;
    const rows = (message?.components ?? []) as readonly { components?: readonly { type: number; label?: string; custom_id?: string }[] }[];
    const next = rows.flatMap((row) => row.components ?? []).find((component) => component.type === ComponentType.Button && component.custom_id && ACT.test(component.label ?? ''));
    if (message && next?.custom_id) await record(() => t.discord.click(message, next.label ?? '', who));
  };

  it('GIVEN hostile text in every field, then every command read back, a digest and the posts THEN no bot link points anywhere the bot did not choose, and nobody is pinged', { timeout: RELIABILITY.timeoutMs }, async () => {
    const owner = as('owner');
    const member = as('member');
    // Every free-text option, one at a time, the others plain; and every form a command opens.
    for (const target of targets) {
      const required = target.options.filter((option) => 'required' in option && option.required);
      const plain = Object.fromEntries(required.map((option) => [option.name, plainValue(option)]));
      for (const option of textOptions(target)) {
        const max = 'max_length' in option ? option.max_length : undefined;
        const min = 'min_length' in option ? option.min_length : undefined;
        for (const who of [member, owner]) await followThrough(await record(() => t.discord.invoke(target.path, { ...plain, [option.name]: fitting(texts, max, min) }, who)), who);
      }
      await followThrough(await record(() => t.discord.invoke(target.path, plain, owner)), owner);
    }
    // Forms behind the bot's buttons (Answer on a question…), by a member.
    const questions = t.world.channelIds.get('questions') ?? '';
    for (const message of (await t.discord.messages(questions)).filter((candidate) => candidate.author.id === t.discord.botUserId)) {
      const rows = (message.components ?? []) as readonly { components?: readonly { type: number; label?: string; custom_id?: string }[] }[];
      for (const button of rows.flatMap((row) => row.components ?? []).filter((component) => component.type === ComponentType.Button && component.custom_id)) {
        const clicked = await record(() => t.discord.click(message, button.label ?? '', member));
        if (clicked?.modal) await followThrough(clicked, member);
      }
    }
    // The hostile text is now in questions, answers, announcements and settings: read everything back.
    for (const target of targets) {
      const plain = Object.fromEntries(target.options.filter((option) => 'required' in option && option.required).map((option) => [option.name, plainValue(option)]));
      for (const who of [member, owner]) await record(() => t.discord.invoke(target.path, plain, who));
    }
    await tickAfter(t, 8 * DAY_MS);

    const home = t.world.guild.id;
    const chosen = shippedUrls();
    const isChosen = (target: string) => isOwnServerLink(target, home) || /^https:\/\/discord\.com\/oauth2\/authorize\?/.test(target) || (!target.includes('evil') && chosen.includes(target));
    const botMessages: LoggedMessage[] = [
      ...results.flatMap((result) => [result.reply, ...result.followUps]).filter((message): message is LoggedMessage => message !== null),
      ...[...t.discord.core.state.channels.values()].flatMap((channel) => [...channel.messages.values()].filter((stored) => stored.authorId === t.discord.botUserId).map((stored) => stored.message as LoggedMessage)),
    ];
    // The test can fail: hostile text did reach what the bot shows, in many places.
    const carrying = botMessages.filter((message) => JSON.stringify(message).includes('evil.example'));
    expect(carrying.length).toBeGreaterThan(20);
    // An announcement is the moderators' own Markdown, links included, shown in the preview as it will
    // post (and, with approval on, to a second moderator first): its embed is theirs, not the bot's.
    const bodies = announcementBodies(t.config.databasePath);
    const ownWords = (message: LoggedMessage): LoggedMessage => ({ ...message, embeds: message.embeds.filter((embed) => !(embed.author?.name === '📣 Announcement' && bodies.has(embed.description ?? ''))) });
    const foreignLinks = botMessages.flatMap((message) => messageLinkTargets(ownWords(message)).filter((target) => !isChosen(target)).map((target) => `${target} in ${JSON.stringify(visibleText({ reply: message, followUps: [] }).slice(0, 200))}`));
    expect([...new Set(foreignLinks)]).toEqual([]);
    expect(pingViolations(t.discord, t.config.databasePath)).toEqual([]);
  });
});

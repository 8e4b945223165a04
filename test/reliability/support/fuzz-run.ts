import { ApplicationCommandOptionType as O } from 'discord-api-types/v10';
import { pick, seededRandom } from '../../../bench/support/random.js';
import { loadCommandRegistry } from '../../../src/discord/registry.js';
import type { CraftedInteraction, InteractionContext, InteractionResult, LoggedMessage, OptionValue } from '../../../src/local-discord/index.js';
import { ComponentPool } from './component-pool.js';
import { autocompleteOptions, commandTargets, type CommandTarget } from './fuzz-targets.js';
import { fuzzIdPart, fuzzNumber, fuzzOptionValue, fuzzSelectValues, fuzzText, type KnownIds } from './fuzz-values.js';
import { botErrors, isGenericError, pingViolations, visibleText, type LogLine } from './verdicts.js';
import { OTHER_SERVER_MARKER, startTwoServers, type TwoServers } from './two-servers.js';

export interface FuzzOptions {
  readonly seed: number;
  /** Generated interactions to send. */
  readonly interactions: number;
  /** Sent together; each batch is generated before it goes out, so a seed replays the same inputs. */
  readonly concurrency: number;
  readonly progress?: (line: string) => void;
}

export type FuzzKind = 'command' | 'autocomplete' | 'component' | 'modal';

/** One generated input, printable so a failure says exactly what was sent. */
export type FuzzInput =
  | { readonly kind: 'command'; readonly path: string; readonly options: Record<string, OptionValue>; readonly where: InteractionContext }
  | { readonly kind: 'autocomplete'; readonly path: string; readonly options: Record<string, OptionValue>; readonly focused: string; readonly where: InteractionContext }
  | { readonly kind: 'component' | 'modal'; readonly crafted: CraftedInteraction; readonly where: InteractionContext };

export interface FuzzProblem {
  readonly input: string;
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly sent: number;
  readonly byKind: Record<FuzzKind, number>;
  /** The five slowest interactions (sent → answered), to see what a run spends its time on. */
  readonly slowest: readonly { readonly input: string; readonly ms: number }[];
  /** Command paths from the registry; every one was invoked. */
  readonly commandPaths: readonly string[];
  readonly uninvoked: readonly string[];
  /** Distinct custom_ids the bot showed (and the fuzzer replayed and mutated). */
  readonly customIdsSeen: number;
  /** Inputs the local Discord would not build (not counted as sent). */
  readonly refused: readonly FuzzProblem[];
  /** Interactions left unanswered or answered with "Something went wrong". */
  readonly failures: readonly FuzzProblem[];
  /** Error lines in the bot's log: handler failures, unhandled rejections. */
  readonly botErrors: readonly string[];
  readonly pingViolations: readonly string[];
  /** Places the home server was shown the other server's data. */
  readonly leaks: readonly string[];
  /** Acknowledgements after Discord's 3 s, counted by the local Discord. */
  readonly late: number;
  /** The bot process still ran and answered /help at the end. */
  readonly alive: boolean;
  readonly durationMs: number;
}

/** Everything that must not happen, as lines: empty when the run passed. */
export function fuzzProblems(report: FuzzReport): string[] {
  return [
    ...report.failures.map((failure) => `${failure.problem}: ${failure.input}`),
    ...report.botErrors.map((line) => `bot logged: ${line}`),
    ...report.pingViolations.map((line) => `ping: ${line}`),
    ...report.leaks.map((line) => `leak: ${line}`),
    ...(report.late > 0 ? [`${report.late} interactions acknowledged after the deadline`] : []),
    ...(report.alive ? [] : ['the bot process died or stopped answering']),
    ...report.uninvoked.map((path) => `never invoked: ${path}`),
  ];
}

const describe = (input: FuzzInput): string => {
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 60)}…(${value.length} chars)` : value));
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

const UNANSWERED = /did not acknowledge|never edited the reply|did not reach the expected state/;

/**
 * The bad-input scenario: thousands of generated values sent to every command, autocomplete, button,
 * menu and form of the bot (commands from the registry, components learnt from what the bot shows),
 * from a seeded generator, against a home server and a second server holding data of its own.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const world = await startTwoServers();
  try {
    return await fuzz(world, options, started);
  } finally {
    await world.close();
  }
}

async function fuzz(world: TwoServers, options: FuzzOptions, started: number): Promise<FuzzReport> {
  const { discord, home, other } = world;
  const random = seededRandom(options.seed);
  const targets = commandTargets(await loadCommandRegistry());
  const completable = targets.filter((target) => autocompleteOptions(target).length > 0);
  const pool = new ComponentPool();
  const homeId = home.guild.id;
  const homePeople = [home.people.member, home.people.moderator, home.guild.ownerId];
  // Channels of types the commands exclude, to pass where they are not offered.
  const voice = await discord.createChannel(homeId, { name: 'voice-room', type: 'voice' });
  const category = await discord.createChannel(homeId, { name: 'archive', type: 'category' });
  const forum = await discord.createChannel(homeId, { name: 'forum', type: 'forum' });

  const state = discord.core.state;
  const homeChannels = () => [...state.channels.values()].filter((channel) => channel.guildId === homeId && !channel.deleted && channel.type !== 4 && channel.type !== 2 && channel.type !== 15);
  const learn = (): void => {
    for (const channel of state.channels.values()) {
      for (const stored of channel.messages.values()) {
        if (stored.authorId === discord.botUserId && !stored.deleted) pool.addMessage({ ...stored.message, deleted: false } as LoggedMessage, channel.guildId);
      }
    }
  };
  const knownIds = (): KnownIds => {
    const numbers = new Set<number>();
    for (const customId of pool.customIds()) for (const part of customId.split(':')) if (/^\d{1,9}$/.test(part)) numbers.add(Number(part));
    const guilds = [state.requireGuild(homeId), state.requireGuild(other.guildId)];
    return {
      users: [...homePeople, other.ownerId, other.memberId, discord.botUserId],
      roles: guilds.flatMap((guild) => [...guild.roles.keys()]),
      channels: [...state.channels.values()].filter((channel) => !channel.deleted && channel.guildId !== null).map((channel) => channel.id).concat([voice.id, category.id, forum.id]),
      numbers: [...numbers].sort((a, b) => a - b),
    };
  };

  learn();
  let ids = knownIds();
  const commandNames = [...new Set(targets.map((target) => target.path.split(' ')[0]?.slice(1) ?? ''))];

  const where = (target?: CommandTarget): InteractionContext => {
    if (target?.inDms && random() < 0.1) return { userId: pick(random, homePeople) };
    // Rarely, a server-only command from a DM: Discord would not offer it there.
    if (random() < 0.02) return { userId: pick(random, homePeople) };
    const channel = pick(random, homeChannels());
    return { guildId: homeId, channelId: channel.id, userId: pick(random, homePeople) };
  };

  const optionsFor = (target: CommandTarget, focused?: string): Record<string, OptionValue> => {
    const values: Record<string, OptionValue> = {};
    for (const option of target.options) {
      if (option.name === focused) {
        values[option.name] = option.type === O.String || random() < 0.5 ? fuzzText(random, ids).slice(0, 120) : String(fuzzNumber(random, ids));
      } else if (('required' in option && option.required && focused === undefined) || random() < 0.5) {
        values[option.name] = fuzzOptionValue(option, random, ids);
      }
    }
    return values;
  };

  const mutate = (customId: string): string => {
    const [command = '', action = '', ...args] = customId.split(':');
    const roll = random();
    if (roll < 0.3) return customId;
    if (roll < 0.55) {
      const index = Math.floor(random() * (args.length + 1));
      const next = [...args];
      next[index] = fuzzIdPart(random, ids);
      return [command, action, ...next].join(':');
    }
    if (roll < 0.65) {
      const actions = pool.customIds().filter((id) => id.startsWith(`${command}:`)).map((id) => id.split(':')[1] ?? '');
      return [command, random() < 0.7 && actions.length > 0 ? pick(random, actions) : fuzzIdPart(random, ids), ...args].join(':');
    }
    if (roll < 0.75) return [command, action, ...(random() < 0.5 ? args.slice(0, -1) : [...args, fuzzIdPart(random, ids)])].join(':');
    if (roll < 0.82) return [pick(random, commandNames), action, ...args].join(':');
    if (roll < 0.87) return `${customId}:${'9'.repeat(120)}`.slice(0, 120);
    if (roll < 0.95) return fuzzText(random, ids).slice(0, 100);
    return '';
  };

  const exists = (message: { id: string; channel_id: string }): boolean => state.channels.get(message.channel_id)?.messages.get(message.id)?.deleted === false;
  const homeMessage = (): LoggedMessage | undefined => {
    const found = pool.components.filter((component) => component.guildId === homeId && exists(component.message));
    if (found.length === 0) return undefined;
    const { message } = pick(random, found);
    return { id: message.id, channel_id: message.channel_id } as LoggedMessage;
  };

  const generate = (): FuzzInput | null => {
    const roll = random();
    if (roll < 0.45 || pool.components.length === 0) {
      const target = pick(random, targets);
      return { kind: 'command', path: target.path, options: optionsFor(target), where: where(target) };
    }
    if (roll < 0.55 && completable.length > 0) {
      const target = pick(random, completable);
      const focused = pick(random, autocompleteOptions(target)).name;
      return { kind: 'autocomplete', path: target.path, options: optionsFor(target, focused), focused, where: where(target) };
    }
    if (roll < 0.85) {
      const found = pick(random, pool.components);
      // Components of the other server are replayed on a home message: its ids carried across.
      const message = (found.guildId === homeId || found.guildId === null) && exists(found.message) ? found.message : homeMessage();
      if (!message) return null;
      const customId = mutate(found.customId);
      const crafted: CraftedInteraction =
        found.kind === 'select' && random() < 0.8
          ? { kind: 'select', customId, values: fuzzSelectValues(random, ids, found.values), message }
          : { kind: 'button', customId, message };
      return { kind: 'component', crafted, where: { userId: pick(random, homePeople) } };
    }
    const modal = pool.modals.length > 0 ? pick(random, pool.modals) : null;
    const fields: Record<string, string> = {};
    for (const field of modal?.fields ?? ['text', 'body', 'title']) if (random() < 0.9) fields[field] = fuzzText(random, ids);
    if (random() < 0.1) fields[fuzzIdPart(random, ids) || 'extra'] = fuzzText(random, ids);
    const customId = modal ? mutate(modal.customId) : fuzzText(random, ids).slice(0, 100);
    const onMessage = random() < 0.3 ? homeMessage() : undefined;
    const base = where();
    const crafted: CraftedInteraction = onMessage ? { kind: 'modal', customId, fields, message: onMessage } : { kind: 'modal', customId, fields };
    return { kind: 'modal', crafted, where: onMessage ? { userId: base.userId } : base };
  };

  const byKind: Record<FuzzKind, number> = { command: 0, autocomplete: 0, component: 0, modal: 0 };
  const refused: FuzzProblem[] = [];
  const failures: FuzzProblem[] = [];
  const leaks: string[] = [];
  const invoked = new Set<string>();
  const marker = OTHER_SERVER_MARKER.toLowerCase();

  const slowest: { input: string; ms: number }[] = [];
  const timed = async (input: FuzzInput): Promise<void> => {
    const begun = performance.now();
    await send(input);
    const ms = Math.round(performance.now() - begun);
    if (slowest.length < 5 || ms > (slowest.at(-1)?.ms ?? 0)) {
      slowest.push({ input: describe(input), ms });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
    }
  };
  const send = async (input: FuzzInput): Promise<void> => {
    const guildId = input.where.guildId ?? (input.kind === 'component' || input.kind === 'modal' ? (input.crafted.message ? state.channels.get(input.crafted.message.channel_id)?.guildId ?? null : null) : null);
    try {
      if (input.kind === 'autocomplete') {
        const choices = await discord.autocomplete(input.path, input.options, input.focused, { ...input.where, unchecked: true } as InteractionContext);
        byKind.autocomplete += 1;
        if (JSON.stringify(choices).toLowerCase().includes(marker)) leaks.push(`autocomplete choices of ${describe(input)}`);
        return;
      }
      let result: InteractionResult;
      if (input.kind === 'command') {
        result = await discord.invoke(input.path, input.options, { ...input.where, unchecked: true });
        invoked.add(input.path);
      } else {
        result = await discord.craft(input.crafted, input.where);
      }
      byKind[input.kind] += 1;
      pool.addResult(result, guildId);
      if (isGenericError(result)) failures.push({ input: describe(input), problem: `answered "${visibleText(result).slice(0, 120)}"` });
      if (result.modal && JSON.stringify(result.modal).toLowerCase().includes(marker)) leaks.push(`form opened by ${describe(input)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (UNANSWERED.test(message)) {
        byKind[input.kind] += 1;
        if (input.kind === 'command') invoked.add(input.path);
        failures.push({ input: describe(input), problem: message });
      } else {
        refused.push({ input: describe(input), problem: message });
      }
    }
  };

  const sentSoFar = () => Object.values(byKind).reduce((sum, count) => sum + count, 0);
  for (let batch = 0; sentSoFar() < options.interactions; batch += 1) {
    const inputs: FuzzInput[] = [];
    while (inputs.length < Math.min(options.concurrency, options.interactions - sentSoFar())) {
      const input = generate();
      if (input) inputs.push(input);
    }
    await Promise.all(inputs.map(timed));
    const sent = sentSoFar();
    if (batch % 20 === 19) {
      learn();
      ids = knownIds();
      options.progress?.(`fuzz: ${sent}/${options.interactions} sent, ${failures.length} failures, ${pool.customIds().length} custom_ids known`);
    }
  }

  // Every command at least once more, so none depends on the draw.
  for (const target of targets.filter((candidate) => !invoked.has(candidate.path))) {
    await timed({ kind: 'command', path: target.path, options: optionsFor(target), where: where(target) });
  }

  const alive = world.bot.child.exitCode === null && (await discord.invoke('/help', {}, { guildId: homeId, userId: home.people.member }).then((result) => result.reply !== null, () => false));
  leaks.push(...(await homeLeaks(world, marker)));
  const stats = await discord.stats();
  return {
    seed: options.seed,
    sent: sentSoFar(),
    byKind,
    slowest,
    commandPaths: targets.map((target) => target.path),
    uninvoked: targets.map((target) => target.path).filter((path) => !invoked.has(path)),
    customIdsSeen: pool.customIds().length,
    refused,
    failures,
    botErrors: botErrors(world.bot.logs as LogLine[]),
    pingViolations: pingViolations(discord, world.databasePath),
    leaks,
    late: stats.interactions.late,
    alive,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Everything the home server's members can see (its channels, threads, their DMs, files) that carries the other server's words. */
async function homeLeaks(world: TwoServers, marker: string): Promise<string[]> {
  const { discord, home } = world;
  const found: string[] = [];
  for (const channel of discord.core.state.channels.values()) {
    const homeChannel = channel.guildId === home.guild.id;
    const homeDm = channel.guildId === null && channel.recipientId !== null && [home.people.member, home.people.moderator, home.guild.ownerId].includes(channel.recipientId);
    if (!homeChannel && !homeDm) continue;
    for (const stored of channel.messages.values()) {
      if (stored.authorId !== discord.botUserId) continue;
      if (JSON.stringify(stored.message).toLowerCase().includes(marker)) found.push(`message ${stored.message.id} in ${channel.name ?? 'a DM'}: ${visibleText({ reply: { ...stored.message } as LoggedMessage, followUps: [] }).slice(0, 200)}`);
      for (const attachment of stored.message.attachments) {
        const file = await discord.attachment(attachment.id);
        if (file.data.toString('utf8').toLowerCase().includes(marker)) found.push(`file ${attachment.filename} in ${channel.name ?? 'a DM'}`);
      }
    }
  }
  return found;
}

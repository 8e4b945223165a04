import type { APIApplicationCommand, APIChannel } from 'discord-api-types/v10';
import { ApplicationCommandType, ChannelType } from 'discord-api-types/v10';
import type { AutocompleteChoice, InteractionContext, InteractionResult, LocalDiscordDriver, LoggedMessage, MessageRef } from '../local-discord/index.js';
import { CommandLineError, parseAppsLine, parseSlashLine, type SlashLine } from './command-line.js';
import { fillForm, formFields } from './forms.js';
import { printableFile, saveFile } from './files.js';
import { renderMessage, type Actionable } from './render-message.js';
import type { SandboxWorld } from './world.js';

/** Where the sandbox reads its next line from: the terminal's prompt or piped stdin. */
export interface LineSource {
  next(prompt: string): Promise<string | undefined>;
  /** Piped input is not shown by a terminal: the session prints what it read, for a readable transcript. */
  readonly echo: boolean;
}

interface SessionHooks {
  /** Moves the bot's clock and runs its background jobs (daily tips, scheduled posts). */
  advanceClock(ms: number): Promise<void>;
  now(): Date;
  /**
   * Resolves when the bot has finished handling every interaction it received (its own view, not a guess
   * from Discord's side): what a handler posts after its last edit is then in place too.
   */
  botIdle(): Promise<void>;
}

const SANDBOX_HELP = `Sandbox commands:
  /command option: value …   run a slash command as in Discord (e.g. /ask question: What does a CTO do?)
  /cto topic topic: hir?      a ? after an autocomplete option shows the bot's suggestions
  pick N                      run the command with suggestion N
  click N | click Label       press a button of the last message
  select N                    pick option N of the last message's menu
  forms                       a pre-filled field shows its text: Enter keeps it, <clear> empties it
  as <name>                   switch who you are (now: {who}); people: {people}
                              (as moderator = morgan, as member = sam)
  say <text>                  post a plain message as yourself where you are (the bot sees it as Discord sends it)
  reply N <text>              reply to message N (each message shows its number: "── sam · message 3 ──")
  delete N                    delete message N: yours, or anyone's as a moderator
  apps                        list the bot's Apps commands (right-click a message or member in Discord → Apps)
  apps "Name" on N            run the Apps command "Name" on message N, e.g. apps "Mark as answer" on 3
  apps "Name" on @name        run a member's Apps command on them, e.g. apps "Show expertise" on @alex
  give <name> @Role           give a member a role (give alex @Moderators makes a second moderator)
  take <name> @Role           take it away again
  channel #name | channel dm  switch where you are (now: {channel}); channels: {channels}
  channel "thread name"       go into a thread or forum post (its name, or the start of it)
  log [#name | "thread"]      show the messages where you are, or of a channel or thread, numbered
  file N | save N [path]      print or save file N the bot attached to the last message
  clock +1d | +3h | +30m      move the bot's clock forward and run what became due
  help                        this text;  exit  leave the sandbox`;

/** One person typing into the local Discord: parses lines, drives the emulator, prints what the bot did. */
export class SandboxSession {
  #who = 'sam';
  /** A channel name, or `dm` for a direct message with the bot. */
  #channel = 'general';
  /** Inside a thread or forum post (then #channel is left as it was). */
  #thread: { id: string; name: string } | undefined;
  /** Messages by the number they were shown with, and back: numbers stay valid for the whole session. */
  readonly #numbers = new Map<string, number>();
  readonly #numbered: MessageRef[] = [];
  #lastActionable: { message: LoggedMessage; actionable: Actionable } | undefined;
  #lastSuggestions: { line: SlashLine; option: string; choices: AutocompleteChoice[] } | undefined;
  #lastFiles: { id: string; filename: string }[] = [];
  readonly #seen = new Set<string>();

  constructor(
    private readonly discord: LocalDiscordDriver,
    private readonly world: SandboxWorld,
    private readonly commands: () => Promise<APIApplicationCommand[]>,
    private readonly hooks: SessionHooks,
    private readonly out: (text: string) => void,
    private readonly color: boolean,
  ) {}

  get prompt(): string {
    return `${this.#who} (${this.#rank(this.#userId())}) in ${this.#here()}> `;
  }

  #here(): string {
    if (this.#thread) return `the thread "${this.#thread.name}"`;
    return this.#channel === DM ? 'DM with the bot' : `#${this.#channel}`;
  }

  #userId(name = this.#who): string {
    return this.world.members.get(name) ?? '';
  }

  #rank(userId: string): string {
    if (userId === this.world.guild.ownerId) return 'owner';
    return this.world.roles.get(userId)?.has(this.world.moderatorRoleId) ? 'moderator' : 'member';
  }

  async markAllSeen(): Promise<void> {
    for (const channel of await this.discord.channels(this.world.guild.id)) {
      for (const message of await this.discord.messages(channel.id)) this.#seen.add(message.id);
    }
    for (const userId of this.world.members.values()) for (const message of await this.discord.dms(userId)) this.#seen.add(message.id);
  }

  /** Handles one line; false means the user asked to leave. */
  async handle(line: string, input: LineSource): Promise<boolean> {
    const text = line.trim();
    if (text.length === 0) return true;
    try {
      if (text.startsWith('/')) await this.#slash(text, input);
      else if (!(await this.#meta(text, input))) return false;
    } catch (error) {
      this.out(error instanceof CommandLineError || error instanceof SandboxError ? `! ${error.message}` : `! ${(error as Error).message ?? String(error)}`);
    }
    await this.#showNewChannelMessages();
    return true;
  }

  async #meta(text: string, input: LineSource): Promise<boolean> {
    const [word = '', ...rest] = text.split(/\s+/);
    const argument = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'exit':
      case 'quit':
        return false;
      case 'help':
        this.out(this.#help());
        return true;
      case 'as':
        this.#becomes(argument);
        return true;
      case 'give':
      case 'take':
        await this.#changeRole(word.toLowerCase() === 'give', argument);
        return true;
      case 'channel':
        await this.#goTo(argument);
        this.out(this.#thread ? `You are now in ${this.#here()}.` : this.#channel === DM ? 'You are now in a direct message with the bot.' : `You are now in #${this.#channel}.`);
        return true;
      case 'say':
        await this.#say(argument, undefined);
        return true;
      case 'reply': {
        const [number = '', ...words] = argument.split(/\s+/);
        await this.#say(words.join(' '), this.#message(number));
        return true;
      }
      case 'delete':
        await this.#delete(argument);
        return true;
      case 'apps':
        await this.#apps(argument, input);
        return true;
      case 'pick':
        await this.#pick(argument, input);
        return true;
      case 'file':
        this.out(printableFile(await this.#file(argument)));
        return true;
      case 'save': {
        const [number = '', ...path] = argument.split(/\s+/);
        this.out(`Saved to ${saveFile(await this.#file(number), path.join(' '))}`);
        return true;
      }
      case 'log':
        await this.#log(argument);
        return true;
      case 'clock':
        await this.#clock(argument);
        return true;
      case 'click':
        await this.#click(argument, input);
        return true;
      case 'select':
        await this.#select(argument, input);
        return true;
      default:
        throw new SandboxError(`Unknown sandbox command "${word}". Type help, or a slash command such as /help.`);
    }
  }

  async #slash(text: string, input: LineSource): Promise<void> {
    const parsed = parseSlashLine(text, await this.commands(), this.world);
    const where = this.#where();
    if (parsed.autocomplete) {
      const choices = await this.discord.autocomplete(parsed.path, parsed.options, parsed.autocomplete.option, where);
      this.#lastSuggestions = { line: parsed, option: parsed.autocomplete.option, choices };
      if (choices.length === 0) this.out('No suggestions.');
      else this.out(`${choices.map((choice, index) => `  ${index + 1}) ${choice.name}  [${String(choice.value)}]`).join('\n')}\n(type \`pick N\` to run it with suggestion N)`);
      return;
    }
    await this.#show(await this.discord.invoke(parsed.path, parsed.options, where), input);
  }

  /** The interaction as the bot left it: wait until its handler is done, then read it again. */
  async #finished(result: InteractionResult): Promise<InteractionResult> {
    if (result.modal) return result;
    await this.hooks.botIdle();
    return this.discord.interaction(result.interactionId);
  }

  async #click(argument: string, input: LineSource): Promise<void> {
    const last = this.#requireActionable();
    const number = Number(argument);
    const button = Number.isInteger(number)
      ? last.actionable.buttons.find((candidate) => candidate.number === number)
      : last.actionable.buttons.find((candidate) => candidate.label.toLowerCase() === argument.toLowerCase()) ??
        last.actionable.buttons.find((candidate) => candidate.label.toLowerCase().startsWith(argument.toLowerCase()));
    if (!button) throw new SandboxError(`No button "${argument}" on the last message.`);
    await this.#show(await this.discord.click(last.message, button.customId, this.#where()), input);
  }

  /** Runs the last suggested command with suggestion N filled in, as picking it in Discord's list would. */
  async #pick(argument: string, input: LineSource): Promise<void> {
    const suggested = this.#lastSuggestions;
    const choice = suggested?.choices[Number(argument) - 1];
    if (!suggested || !choice) throw new SandboxError(suggested ? `No suggestion ${argument}: pick 1 to ${suggested.choices.length}.` : 'No suggestions yet: end an option with ? to see them.');
    const options = { ...suggested.line.options, [suggested.option]: choice.value };
    this.out(`→ ${suggested.option}: ${String(choice.value)}`);
    await this.#show(await this.discord.invoke(suggested.line.path, options, this.#where()), input);
  }

  #becomes(argument: string): void {
    const name = { moderator: 'morgan', member: 'sam' }[argument.toLowerCase()] ?? argument.replace(/^@/, '').toLowerCase();
    if (!this.world.members.has(name)) throw new SandboxError(`No member called ${argument}. People: ${[...this.world.members.keys()].join(', ')}.`);
    this.#who = name;
    this.out(`You are now ${name}, ${this.#describe(this.#userId(name))}.`);
  }

  #describe(userId: string): string {
    const rank = this.#rank(userId);
    return rank === 'owner' ? "the server's owner" : rank === 'moderator' ? 'a moderator (Manage Server)' : 'a member';
  }

  /** `give alex @Moderators` / `take alex @Moderators`: the member's roles change in the server, as a moderator would do in Discord. */
  async #changeRole(give: boolean, argument: string): Promise<void> {
    const match = /^@?(\S+)\s+@?(.+)$/.exec(argument.trim());
    const userId = match ? this.world.members.get((match[1] ?? '').toLowerCase()) : undefined;
    const roleId = match ? this.world.role(match[2] ?? '') : undefined;
    if (!match || !userId || !roleId || roleId === this.world.guild.id) {
      throw new SandboxError(`Use \`${give ? 'give' : 'take'} <name> @Role\`, e.g. \`give alex @Moderators\`. People: ${[...this.world.members.keys()].join(', ')}.`);
    }
    const roles = this.world.roles.get(userId) ?? new Set<string>();
    if (give) roles.add(roleId);
    else roles.delete(roleId);
    this.world.roles.set(userId, roles);
    await this.discord.updateMember(this.world.guild.id, userId, { roles: [...roles] });
    this.out(`${match[1]} ${give ? 'now has' : 'no longer has'} @${this.world.nameOf('role', roleId)}: ${this.#describe(userId)}.`);
  }

  async #file(argument: string) {
    const file = this.#lastFiles[Number(argument) - 1];
    if (!file) throw new SandboxError(this.#lastFiles.length > 0 ? `No file ${argument}: the last message has ${this.#lastFiles.length}.` : 'No file attached to a message yet.');
    return this.discord.attachment(file.id);
  }

  async #select(argument: string, input: LineSource): Promise<void> {
    const last = this.#requireActionable();
    const number = Number(argument);
    for (const select of last.actionable.selects) {
      const option = select.options.find((candidate) => candidate.number === number || candidate.label.toLowerCase() === argument.toLowerCase());
      if (option) {
        await this.#show(await this.discord.select(last.message, select.customId, [option.value], this.#where()), input);
        return;
      }
    }
    throw new SandboxError(`No menu option "${argument}" on the last message.`);
  }

  async #show(answered: InteractionResult, input: LineSource): Promise<void> {
    const result = await this.#finished(answered);
    if (result.modal) {
      this.out(`📝 ${result.modal.title}`);
      const fields = formFields(result.modal);
      const values = await fillForm(fields, input, this.out);
      if (!values) throw new SandboxError('The form was left unfinished.');
      const missing = fields.find((field) => field.required && values[field.customId] === '');
      if (missing) throw new SandboxError(`${missing.label} is required: the form was not sent.`);
      await this.#show(await this.discord.submitModal(result, values), input);
      return;
    }
    const messages = [result.reply, ...result.followUps].filter((message): message is LoggedMessage => message !== null && !message.deleted);
    if (messages.length === 0 && result.acknowledged) this.out('(the bot acknowledged silently)');
    // A reply can mention a thread the bot created while answering ("Thread started: <#…>"): learn its
    // name first, so it reads as Discord shows it.
    if (messages.some((message) => /<#\d+>/.test(JSON.stringify(message)))) await this.#learnChannels();
    for (const message of messages) this.#print(message);
  }

  #print(message: LoggedMessage, prefix = ''): void {
    this.#seen.add(message.id);
    const number = message.ephemeralFor || (message.flags ?? 0) & 64 ? undefined : this.#numberOf(message);
    const { text, actionable } = renderMessage(message, { color: this.color, mentionName: (kind, id) => this.world.nameOf(kind, id), now: () => this.hooks.now(), number });
    this.out(prefix ? `${prefix}\n${text}` : text);
    if (actionable.buttons.length > 0 || actionable.selects.length > 0) this.#lastActionable = { message, actionable };
    if (message.attachments.length > 0) {
      this.#lastFiles = message.attachments.map((attachment) => ({ id: attachment.id, filename: attachment.filename }));
      this.out(`  (\`file N\` prints file N, \`save N [path]\` saves it)`);
    }
  }

  /** Messages the bot posted elsewhere meanwhile (a question in #questions, an answer in its thread, a tip arriving). */
  async #learnChannels(): Promise<readonly APIChannel[]> {
    const channels = await this.discord.channels(this.world.guild.id);
    for (const channel of channels) this.world.rememberChannel(channel.id, channel.name ?? channel.id);
    return channels;
  }

  async #showNewChannelMessages(): Promise<void> {
    for (const channel of await this.#learnChannels()) {
      for (const message of await this.discord.messages(channel.id)) {
        if (this.#seen.has(message.id) || message.deleted || message.ephemeralFor) continue;
        const where = this.world.channelIds.has(channel.name ?? '') ? `#${channel.name}` : `the thread "${channel.name}"`;
        this.#print(message, `📨 new in ${where}:`);
      }
    }
    for (const [name, userId] of this.world.members) {
      for (const message of await this.discord.dms(userId)) {
        if (!this.#seen.has(message.id) && !message.deleted) this.#print(message, `📨 direct message to ${name}:`);
      }
    }
  }

  /** `log`, `log #name` or `log "thread"`: every message still there, numbered. */
  async #log(argument: string): Promise<void> {
    const place = argument ? await this.#place(argument) : this.#thread ? { id: this.#thread.id, label: this.#here() } : this.#channel === DM ? null : { id: this.world.channelIds.get(this.#channel) ?? '', label: `#${this.#channel}` };
    const messages = place ? await this.discord.messages(place.id) : await this.discord.dms(this.#userId());
    const shown = messages.filter((message) => !message.ephemeralFor && !message.deleted);
    if (shown.length === 0) this.out(`${place ? place.label : 'The DM with the bot'} is empty.`);
    for (const message of shown) this.#print(message);
  }

  #numberOf(message: MessageRef): number {
    const known = this.#numbers.get(message.id);
    if (known !== undefined) return known;
    this.#numbered.push({ id: message.id, channel_id: message.channel_id });
    this.#numbers.set(message.id, this.#numbered.length);
    return this.#numbered.length;
  }

  #message(argument: string): MessageRef {
    const message = this.#numbered[Number(argument.replace(/^#/, '')) - 1];
    if (!message) throw new SandboxError(this.#numbered.length > 0 ? `No message ${argument}: messages are numbered 1 to ${this.#numbered.length} (log shows them).` : 'No numbered message yet: log shows the messages of a channel with their numbers.');
    return message;
  }

  /** `say` and `reply N`: a member's plain message where they are (a reply goes where its message is). */
  async #say(text: string, replyTo: MessageRef | undefined): Promise<void> {
    if (!text.trim()) throw new SandboxError(replyTo ? 'Use reply N <text>.' : 'Use say <text>.');
    const where = replyTo?.channel_id ?? this.#where().channelId;
    if (!where) throw new SandboxError('Members post in a server channel or thread here: switch with channel #general.');
    const posted = await this.discord.postMessage(where, { userId: this.#userId(), content: text.trim(), ...(replyTo ? { replyTo: replyTo.id } : {}) });
    this.#print(posted);
  }

  async #delete(argument: string): Promise<void> {
    const message = this.#message(argument);
    await this.discord.deleteMessage(message, { userId: this.#userId() });
    this.out(`Message ${argument.replace(/^#/, '')} deleted.`);
  }

  /** `apps` lists the bot's context-menu commands; `apps "Name" on N|@member` runs one as Discord's Apps menu does. */
  async #apps(argument: string, input: LineSource): Promise<void> {
    const menus = (await this.commands()).filter((command) => command.type === ApplicationCommandType.Message || command.type === ApplicationCommandType.User);
    if (!argument.trim()) {
      if (menus.length === 0) this.out('The bot has no Apps commands.');
      for (const command of menus) this.out(`  "${command.name}"  on ${command.type === ApplicationCommandType.Message ? 'a message: apps "' + command.name + '" on N' : 'a member: apps "' + command.name + '" on @name'}`);
      return;
    }
    const parsed = parseAppsLine(argument);
    const kind = parsed.target.kind === 'message' ? ApplicationCommandType.Message : ApplicationCommandType.User;
    const command = menus.find((candidate) => candidate.type === kind && candidate.name.toLowerCase() === parsed.name.toLowerCase());
    if (!command) {
      const names = menus.filter((candidate) => candidate.type === kind).map((candidate) => `"${candidate.name}"`);
      throw new SandboxError(`The bot has no Apps command "${parsed.name}" for ${parsed.target.kind === 'message' ? 'messages' : 'members'}${names.length > 0 ? `: ${names.join(', ')}` : ''}.`);
    }
    const where = this.#where();
    if (parsed.target.kind === 'message') {
      const message = this.#message(String(parsed.target.number));
      // Discord's Apps menu runs where the message is, whichever channel the member was reading before.
      await this.#show(await this.discord.invokeMessageCommand(command.name, message, { userId: this.#userId() }), input);
      return;
    }
    const target = this.world.members.get(parsed.target.name.toLowerCase());
    if (!target) throw new SandboxError(`No member called ${parsed.target.name}. People: ${[...this.world.members.keys()].join(', ')}.`);
    await this.#show(await this.discord.invokeUserCommand(command.name, target, where), input);
  }

  /** `channel #name`, `channel dm` or `channel "thread name"`. */
  async #goTo(argument: string): Promise<void> {
    if (argument.toLowerCase() === DM) {
      this.#channel = DM;
      this.#thread = undefined;
      return;
    }
    const place = await this.#place(argument);
    if (place.thread) this.#thread = { id: place.id, name: place.thread };
    else {
      this.#channel = place.label.slice(1);
      this.#thread = undefined;
    }
  }

  /** A channel (`#name`) or a thread or forum post by its name or the start of it. */
  async #place(argument: string): Promise<{ id: string; label: string; thread?: string }> {
    const name = argument.replace(/^#/, '').replace(/^["“](.*)["”]$/, '$1').trim();
    const channelId = this.world.channelIds.get(name.toLowerCase());
    if (channelId) return { id: channelId, label: `#${name.toLowerCase()}` };
    const threads = (await this.discord.channels(this.world.guild.id)).filter(
      (channel) => channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread,
    );
    const wanted = name.toLowerCase();
    const thread = threads.find((candidate) => candidate.name?.toLowerCase() === wanted) ?? threads.find((candidate) => candidate.name?.toLowerCase().startsWith(wanted));
    if (!thread || !wanted) {
      const known = [...[...this.world.channelIds.keys()].map((c) => `#${c}`), ...threads.map((t) => `"${t.name ?? t.id}"`)];
      throw new SandboxError(`No channel or thread "${name}". Channels and threads: ${known.join(', ')}`);
    }
    return { id: thread.id, label: `the thread "${thread.name ?? thread.id}"`, thread: thread.name ?? thread.id };
  }

  async #clock(argument: string): Promise<void> {
    const match = /^\+(\d+)\s*([dhm])$/.exec(argument.replace(/\s+/g, ''));
    if (!match) throw new SandboxError('Use clock +1d, clock +3h or clock +30m.');
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
    await this.hooks.advanceClock(Number(match[1]) * unit);
    this.out(`🕒 The bot's clock is now ${this.hooks.now().toISOString().replace('T', ' ').slice(0, 16)} UTC.`);
  }

  #where(): InteractionContext {
    if (this.#thread) return { guildId: this.world.guild.id, channelId: this.#thread.id, userId: this.#userId() };
    if (this.#channel === DM) return { userId: this.#userId() };
    return { guildId: this.world.guild.id, channelId: this.world.channelIds.get(this.#channel) ?? '', userId: this.#userId() };
  }

  #requireActionable() {
    if (!this.#lastActionable) throw new SandboxError('No message with buttons or menus yet.');
    return this.#lastActionable;
  }

  #help(): string {
    return SANDBOX_HELP.replace('{who}', this.#who)
      .replace('{people}', [...this.world.members.keys()].join(', '))
      .replace('{channel}', this.#channel === DM && !this.#thread ? 'a DM with the bot' : this.#here())
      .replace('{channels}', [...this.world.channelIds.keys()].map((name) => `#${name}`).join(', '));
  }
}

class SandboxError extends Error {}

/** `channel dm`: a direct message with the bot instead of a server channel. */
const DM = 'dm';

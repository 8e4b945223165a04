import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { InteractionResult, LocalDiscordDriver, LoggedMessage } from '../local-discord/index.js';
import { CommandLineError, parseSlashLine } from './command-line.js';
import { renderMessage, type Actionable } from './render-message.js';
import type { SandboxWorld } from './world.js';

/** Where the sandbox reads its next line from: the terminal's prompt or piped stdin. */
export interface LineSource {
  next(prompt: string): Promise<string | undefined>;
  /** Piped input is not shown by a terminal: the session prints what it read, for a readable transcript. */
  readonly echo: boolean;
}

export interface SessionHooks {
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
  click N | click Label       press a button of the last message
  select N                    pick option N of the last message's menu
  as moderator | as member    switch who you are (now: {who})
  channel #name               switch where you are (now: #{channel}); channels: {channels}
  log #name                   show a channel's messages
  clock +1d | +3h | +30m      move the bot's clock forward and run what became due
  help                        this text;  exit  leave the sandbox`;

/** One person typing into the local Discord: parses lines, drives the emulator, prints what the bot did. */
export class SandboxSession {
  #who: 'member' | 'moderator' = 'member';
  #channel = 'general';
  #lastActionable: { message: LoggedMessage; actionable: Actionable } | undefined;
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
    return `${this.#who === 'moderator' ? 'morgan (moderator)' : 'sam (member)'} in #${this.#channel}> `;
  }

  async markAllSeen(): Promise<void> {
    for (const channel of await this.discord.channels(this.world.guild.id)) {
      for (const message of await this.discord.messages(channel.id)) this.#seen.add(message.id);
    }
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
        if (argument !== 'moderator' && argument !== 'member') throw new SandboxError('Use `as moderator` or `as member`.');
        this.#who = argument;
        this.out(`You are now ${argument === 'moderator' ? 'morgan, a moderator (Manage Server)' : 'sam, a member'}.`);
        return true;
      case 'channel':
        this.#channel = this.#channelName(argument);
        this.out(`You are now in #${this.#channel}.`);
        return true;
      case 'log':
        await this.#log(argument ? this.#channelName(argument) : this.#channel);
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
      this.out(choices.length === 0 ? 'No suggestions.' : choices.map((choice, index) => `  ${index + 1}) ${choice.name}  [${String(choice.value)}]`).join('\n'));
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
      const modal = result.modal;
      this.out(`📝 ${modal.title}`);
      const values: Record<string, string> = {};
      for (const field of modalFields(modal)) {
        const prompt = `  ${field.label}${field.required ? '' : ' (optional)'}: `;
        const answer = await input.next(prompt);
        if (answer === undefined) throw new SandboxError('The form was left unfinished.');
        if (input.echo) this.out(`${prompt}${answer}`);
        values[field.customId] = answer;
      }
      await this.#show(await this.discord.submitModal(result, values), input);
      return;
    }
    const messages = [result.reply, ...result.followUps].filter((message): message is LoggedMessage => message !== null && !message.deleted);
    if (messages.length === 0 && result.acknowledged) this.out('(the bot acknowledged silently)');
    for (const message of messages) this.#print(message);
  }

  #print(message: LoggedMessage, prefix = ''): void {
    this.#seen.add(message.id);
    const { text, actionable } = renderMessage(message, { color: this.color, mentionName: (kind, id) => this.world.nameOf(kind, id) });
    this.out(prefix ? `${prefix}\n${text}` : text);
    if (actionable.buttons.length > 0 || actionable.selects.length > 0) this.#lastActionable = { message, actionable };
  }

  /** Messages the bot posted elsewhere meanwhile (a question in #questions, an answer in its thread, a tip arriving). */
  async #showNewChannelMessages(): Promise<void> {
    for (const channel of await this.discord.channels(this.world.guild.id)) {
      this.world.rememberChannel(channel.id, channel.name ?? channel.id);
      for (const message of await this.discord.messages(channel.id)) {
        if (this.#seen.has(message.id) || message.deleted || message.ephemeralFor) continue;
        const where = this.world.channelIds.has(channel.name ?? '') ? `#${channel.name}` : `the thread "${channel.name}"`;
        this.#print(message, `📨 new in ${where}:`);
      }
    }
  }

  async #log(channel: string): Promise<void> {
    const id = this.world.channelIds.get(channel) ?? '';
    const messages = (await this.discord.messages(id)).filter((message) => !message.ephemeralFor && !message.deleted);
    if (messages.length === 0) this.out(`#${channel} is empty.`);
    for (const message of messages) this.#print(message);
  }

  async #clock(argument: string): Promise<void> {
    const match = /^\+(\d+)\s*([dhm])$/.exec(argument.replace(/\s+/g, ''));
    if (!match) throw new SandboxError('Use clock +1d, clock +3h or clock +30m.');
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
    await this.hooks.advanceClock(Number(match[1]) * unit);
    this.out(`🕒 The bot's clock is now ${this.hooks.now().toISOString().replace('T', ' ').slice(0, 16)} UTC.`);
  }

  #where() {
    return {
      guildId: this.world.guild.id,
      channelId: this.world.channelIds.get(this.#channel) ?? '',
      userId: this.world.people[this.#who],
    };
  }

  #channelName(argument: string): string {
    const name = argument.replace(/^#/, '').toLowerCase();
    if (!this.world.channelIds.has(name)) throw new SandboxError(`No channel #${name}. Channels: ${[...this.world.channelIds.keys()].map((c) => `#${c}`).join(', ')}`);
    return name;
  }

  #requireActionable() {
    if (!this.#lastActionable) throw new SandboxError('No message with buttons or menus yet.');
    return this.#lastActionable;
  }

  #help(): string {
    return SANDBOX_HELP.replace('{who}', this.#who)
      .replace('{channel}', this.#channel)
      .replace('{channels}', [...this.world.channelIds.keys()].map((name) => `#${name}`).join(', '));
  }
}

class SandboxError extends Error {}

interface ModalField {
  readonly customId: string;
  readonly label: string;
  readonly required: boolean;
}

/** The text inputs of a modal, whether in action rows or (newer API) label components. */
function modalFields(modal: { components: unknown[] }): ModalField[] {
  const fields: ModalField[] = [];
  const visit = (node: unknown, label?: string) => {
    if (typeof node !== 'object' || node === null) return;
    const component = node as { type?: number; custom_id?: string; label?: string; required?: boolean; components?: unknown[]; component?: unknown };
    if (component.type === 4 && component.custom_id) {
      fields.push({ customId: component.custom_id, label: component.label ?? label ?? component.custom_id, required: component.required !== false });
      return;
    }
    for (const child of component.components ?? []) visit(child, component.label ?? label);
    if (component.component) visit(component.component, component.label ?? label);
  };
  for (const component of modal.components) visit(component);
  return fields;
}

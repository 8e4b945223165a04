import { randomBytes } from 'node:crypto';
import type { Interaction, RepliableInteraction } from 'discord.js';
import type { AppContext } from '../app/context.js';
import { isUserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Command } from './command.js';
import { decodeCustomId, type CustomId } from './custom-id.js';
import type { CommandRegistry } from './registry.js';
import { respondPrivately } from './respond.js';

export type InteractionKind = 'command' | 'autocomplete' | 'button' | 'select' | 'modal' | 'other';
export type InteractionResult = 'ok' | 'user-error' | 'error' | 'unknown';

export interface InteractionOutcome {
  readonly kind: InteractionKind;
  /** `/tips setup` for commands, `ask:helpful` for components. */
  readonly name: string;
  readonly guildId: string | null;
  readonly result: InteractionResult;
  readonly durationMs: number;
  readonly ref?: string;
}

const UNKNOWN_COMMAND = 'This command is not available any more. The bot may have been updated: try `/help`.';
const STALE_COMPONENT = 'This button or menu no longer works. Run the command again.';

/** Routes every interaction to its command module and turns every failure into a private answer. */
export class InteractionRouter {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly registry: CommandRegistry,
    private readonly context: AppContext,
    private readonly logger: Logger,
    private readonly observe: (outcome: InteractionOutcome) => void = () => {},
  ) {}

  /** Never rejects: a handler error is logged and answered, so it cannot crash the process. */
  handle(interaction: Interaction): Promise<void> {
    const work = this.#route(interaction).finally(() => this.#inFlight.delete(work));
    this.#inFlight.add(work);
    return work;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Waits for in-flight interactions to finish, at most `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const drained = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    return drained;
  }

  async #route(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const { kind, name, run } = this.#resolve(interaction);
    let result: InteractionResult = 'ok';
    let ref: string | undefined;
    try {
      if (!run) {
        result = 'unknown';
        await this.#answerUnknown(interaction, kind);
      } else {
        await run();
      }
    } catch (error) {
      if (isUserError(error)) {
        result = 'user-error';
        await this.#answerSafely(interaction, error.message);
      } else {
        result = 'error';
        ref = randomBytes(4).toString('hex');
        this.logger.error(
          { err: error, ref, interactionId: interaction.id, command: name, guildId: interaction.guildId, userId: interaction.user.id },
          'interaction handler failed',
        );
        await this.#answerSafely(interaction, `Something went wrong (ref \`${ref}\`). The moderators can find it in the bot's logs.`);
      }
    }
    const outcome: InteractionOutcome = {
      kind,
      name,
      guildId: interaction.guildId,
      result,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(ref ? { ref } : {}),
    };
    // One line per interaction: what and where, never what the member typed (options, modal text).
    this.logger.info({ interaction: { id: interaction.id, ...outcome } }, 'interaction');
    this.observe(outcome);
  }

  #resolve(interaction: Interaction): { kind: InteractionKind; name: string; run?: () => Promise<unknown> } {
    if (interaction.isChatInputCommand()) {
      const command = this.registry.get(interaction.commandName);
      const name = ['/' + interaction.commandName, interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)]
        .filter(Boolean)
        .join(' ');
      return { kind: 'command', name, run: command && (() => command.execute(interaction, this.context)) };
    }
    if (interaction.isAutocomplete()) {
      const command = this.registry.get(interaction.commandName);
      const autocomplete = command?.autocomplete?.bind(command);
      return { kind: 'autocomplete', name: '/' + interaction.commandName, run: autocomplete && (() => autocomplete(interaction, this.context)) };
    }
    if (interaction.isButton() || interaction.isAnySelectMenu() || interaction.isModalSubmit()) {
      const kind: InteractionKind = interaction.isButton() ? 'button' : interaction.isModalSubmit() ? 'modal' : 'select';
      const customId = decodeCustomId(interaction.customId);
      const handlers = customId ? this.registry.get(customId.command)?.components : undefined;
      const name = customId ? `${customId.command}:${customId.action}` : 'unrecognised';
      return { kind, name, run: customId && handlers ? this.#componentRun(interaction, handlers, customId) : undefined };
    }
    return { kind: 'other', name: interaction.type.toString() };
  }

  #componentRun(
    interaction: Interaction,
    handlers: NonNullable<Command['components']>,
    customId: CustomId,
  ): (() => Promise<unknown>) | undefined {
    const { button, select, modal } = handlers;
    if (interaction.isButton() && button) return () => button(interaction, this.context, customId);
    if (interaction.isAnySelectMenu() && select) return () => select(interaction, this.context, customId);
    if (interaction.isModalSubmit() && modal) return () => modal(interaction, this.context, customId);
    return undefined;
  }

  async #answerUnknown(interaction: Interaction, kind: InteractionKind): Promise<void> {
    if (interaction.isAutocomplete()) {
      await interaction.respond([]).catch(() => {});
      return;
    }
    await this.#answerSafely(interaction, kind === 'command' ? UNKNOWN_COMMAND : STALE_COMPONENT);
  }

  /** The error path must not throw itself (the interaction may have expired or been answered). */
  async #answerSafely(interaction: Interaction, content: string): Promise<void> {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]).catch(() => {});
      return;
    }
    try {
      await respondPrivately(interaction as RepliableInteraction, content);
    } catch (error) {
      this.logger.warn({ err: error, interactionId: interaction.id }, 'could not deliver the error reply');
    }
  }
}

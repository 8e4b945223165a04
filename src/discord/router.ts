import { randomBytes } from 'node:crypto';
import type { Interaction, RepliableInteraction } from 'discord.js';
import { isUserError, UserError } from '../core/errors.js';
import { CarriedWork } from '../core/settle.js';
import { discordErrorInPlainWords } from './api-errors.js';
import type { Logger } from '../core/logger.js';
import type { Command, MessageCommand } from './command.js';
import { narrowContext, type CommandContext, type ContextKey, type ContextOf } from './command-context.js';
import { decodeCustomId, type CustomId } from './custom-id.js';
import type { CommandJson } from './deploy.js';
import { checkEntityOptions, invokedOptionDefinitions, NO_ENTITY_OPTIONS, type CheckedOptions } from './option-entities.js';
import type { Refusal } from './preconditions.js';
import type { CommandRegistry } from './registry.js';
import { messagePreconditionsFor, preconditionsFor, type RequirementTarget } from './requirements.js';
import { respondPrivately } from './respond.js';

export type InteractionKind = 'command' | 'autocomplete' | 'button' | 'select' | 'modal' | 'other';
/** `discord-refused`: Discord refused the work for a reason the member can act on (api-errors.ts). */
export type InteractionResult = 'ok' | 'user-error' | 'discord-refused' | 'error' | 'unknown';

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
  readonly #inFlight = new CarriedWork();
  /** Each command's declared part of the context, built once per command. */
  readonly #contexts = new Map<Command | MessageCommand, ContextOf<ContextKey>>();

  constructor(
    private readonly registry: CommandRegistry,
    private readonly context: CommandContext,
    private readonly logger: Logger,
    private readonly observe: (outcome: InteractionOutcome) => void = () => {},
  ) {}

  /** Never rejects: a handler error is logged and answered, so it cannot crash the process. */
  handle(interaction: Interaction): Promise<void> {
    return this.#inFlight.carry(this.#route(interaction));
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Waits for in-flight interactions to finish, at most `timeoutMs`; true when all finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.#inFlight.drain(timeoutMs);
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
      const refused = discordErrorInPlainWords(error);
      if (isUserError(error)) {
        result = 'user-error';
        await this.#answerSafely(interaction, error.message);
      } else if (refused) {
        const { code, message } = refused;
        result = 'discord-refused';
        this.logger.warn({ err: error, code, interactionId: interaction.id, command: name, guildId: interaction.guildId }, 'Discord refused what the interaction asked for');
        await this.#answerSafely(interaction, message);
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
      const path = [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter((part): part is string => Boolean(part));
      const name = ['/' + interaction.commandName, ...path].join(' ');
      const run = command && (async () => {
        await this.#require(interaction, command, { subcommand: path }, null);
        await command.execute(interaction, this.#contextFor(command));
      });
      return { kind: 'command', name, run };
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = this.registry.message(interaction.commandName);
      const json = this.registry.messageJson(interaction.commandName);
      const run = command && json && (async () => {
        const context = this.#contextFor(command);
        for (const precondition of messagePreconditionsFor(command, json)) {
          const refused = await precondition.check({ interaction, context, customId: null, options: NO_ENTITY_OPTIONS });
          if (refused) throw new UserError(refused.identifier, refused.message);
        }
        await command.execute(interaction, context);
      });
      return { kind: 'command', name: `Apps › ${interaction.commandName}`, run };
    }
    if (interaction.isAutocomplete()) {
      const command = this.registry.get(interaction.commandName);
      const autocomplete = command?.autocomplete?.bind(command);
      const path = [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter((part): part is string => Boolean(part));
      const run = command && autocomplete && (async () => {
        // Suggestions are not shown to members the command would refuse.
        if (await this.#refusal(interaction, command, { subcommand: path }, null)) return interaction.respond([]);
        return autocomplete(interaction, this.#contextFor(command));
      });
      return { kind: 'autocomplete', name: '/' + interaction.commandName, run };
    }
    if (interaction.isButton() || interaction.isAnySelectMenu() || interaction.isModalSubmit()) {
      const kind: InteractionKind = interaction.isButton() ? 'button' : interaction.isModalSubmit() ? 'modal' : 'select';
      const customId = decodeCustomId(interaction.customId);
      const command = customId ? this.registry.get(customId.command) : undefined;
      const name = customId ? `${customId.command}:${customId.action}` : 'unrecognised';
      const handler = customId && command?.components ? this.#componentRun(interaction, command, command.components, customId) : undefined;
      const run =
        customId && command && handler
          ? async () => {
              await this.#require(interaction, command, { component: customId.action }, customId);
              await handler();
            }
          : undefined;
      return { kind, name, run };
    }
    return { kind: 'other', name: interaction.type.toString() };
  }

  /** Runs the declared preconditions; the first that fails becomes the member's private answer. */
  async #require(interaction: Interaction, command: Command, target: RequirementTarget, customId: CustomId | null): Promise<void> {
    const refused = await this.#refusal(interaction, command, target, customId);
    if (refused) throw new UserError(refused.identifier, refused.message);
  }

  async #refusal(interaction: Interaction, command: Command, target: RequirementTarget, customId: CustomId | null): Promise<Refusal | null> {
    const json = this.registry.json(command.data.name);
    if (!json) return null;
    const preconditions = preconditionsFor(command, json, target);
    let options: CheckedOptions = NO_ENTITY_OPTIONS;
    let optionsChecked = false;
    for (const precondition of preconditions) {
      if (precondition.kind === 'channel' && !optionsChecked) {
        options = await this.#checkOptions(interaction, json, target);
        optionsChecked = true;
      }
      const refused = await precondition.check({ interaction, context: this.#contextFor(command), customId, options });
      if (refused) return refused;
    }
    // Channel, role and user options are checked against the server for every command, declared or not.
    if (!optionsChecked) await this.#checkOptions(interaction, json, target);
    return null;
  }

  async #checkOptions(interaction: Interaction, json: CommandJson, target: RequirementTarget): Promise<CheckedOptions> {
    if (!interaction.isChatInputCommand() || !('subcommand' in target)) return NO_ENTITY_OPTIONS;
    return checkEntityOptions(interaction, invokedOptionDefinitions(json.options, target.subcommand));
  }

  #componentRun(
    interaction: Interaction,
    command: Command,
    handlers: NonNullable<Command['components']>,
    customId: CustomId,
  ): (() => Promise<unknown>) | undefined {
    const { button, select, modal } = handlers;
    const context = this.#contextFor(command);
    if (interaction.isButton() && button) return () => button(interaction, context, customId);
    if (interaction.isAnySelectMenu() && select) return () => select(interaction, context, customId);
    if (interaction.isModalSubmit() && modal) return () => modal(interaction, context, customId);
    return undefined;
  }

  /** Only what the command declared in `uses`: its handlers and preconditions see nothing else. */
  #contextFor(command: Command | MessageCommand): ContextOf<ContextKey> {
    let context = this.#contexts.get(command);
    if (!context) {
      context = narrowContext(this.context, command.uses ?? []);
      this.#contexts.set(command, context);
    }
    return context;
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

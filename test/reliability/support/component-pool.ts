import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { InteractionResult, LoggedMessage, MessageRef, ModalData } from '../../../src/local-discord/index.js';

/** A button or select menu the bot rendered, and the message it is on. */
export interface FoundComponent {
  readonly kind: 'button' | 'select';
  readonly customId: string;
  /** A select menu's option values. */
  readonly values: readonly string[];
  readonly message: MessageRef;
  readonly guildId: string | null;
}

/** A form the bot opened: its custom_id and the ids of its inputs. */
export interface FoundModal {
  readonly customId: string;
  readonly fields: readonly string[];
  readonly guildId: string | null;
}

type Raw = Record<string, unknown>;

function walk(items: unknown, visit: (component: Raw) => void): void {
  if (!Array.isArray(items)) return;
  for (const item of items as Raw[]) {
    visit(item);
    walk(item.components, visit);
    if (item.component) walk([item.component], visit);
    if (item.accessory) walk([item.accessory], visit);
  }
}

/**
 * Every custom_id the bot has shown so far, learnt from its own messages and forms: what the fuzz
 * test replays and mutates, so a new button or form is fuzzed without anyone listing it.
 */
export class ComponentPool {
  readonly #components = new Map<string, FoundComponent>();
  readonly #modals = new Map<string, FoundModal>();

  get components(): FoundComponent[] {
    return [...this.#components.values()];
  }

  get modals(): FoundModal[] {
    return [...this.#modals.values()];
  }

  /** All custom_ids seen, buttons, menus and forms alike. */
  customIds(): string[] {
    return [...this.#components.keys(), ...this.#modals.keys()];
  }

  addMessage(message: LoggedMessage, guildId: string | null): void {
    if (message.deleted) return;
    walk(message.components, (component) => {
      const customId = typeof component.custom_id === 'string' ? component.custom_id : null;
      if (!customId || this.#components.has(customId)) return;
      if (component.type === ComponentType.Button && component.style !== ButtonStyle.Link && component.style !== ButtonStyle.Premium) {
        this.#components.set(customId, { kind: 'button', customId, values: [], message: { id: message.id, channel_id: message.channel_id }, guildId });
      } else if (component.type === ComponentType.StringSelect) {
        const values = ((component.options as Raw[] | undefined) ?? []).map((option) => String(option.value));
        this.#components.set(customId, { kind: 'select', customId, values, message: { id: message.id, channel_id: message.channel_id }, guildId });
      }
    });
  }

  addModal(modal: ModalData, guildId: string | null): void {
    if (this.#modals.has(modal.custom_id)) return;
    const fields: string[] = [];
    walk(modal.components, (component) => {
      if (component.type === ComponentType.TextInput && typeof component.custom_id === 'string') fields.push(component.custom_id);
    });
    this.#modals.set(modal.custom_id, { customId: modal.custom_id, fields, guildId });
  }

  addResult(result: InteractionResult, guildId: string | null): void {
    for (const message of [result.reply, ...result.followUps]) if (message) this.addMessage(message, guildId);
    if (result.modal) this.addModal(result.modal, guildId);
  }
}

import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APISelectMenuOption,
  type APIStringSelectComponent,
} from 'discord-api-types/v10';
import { truncate } from './text.js';

/**
 * Message components as plain Discord JSON, so services can render messages that the REST poster
 * and interaction replies both send unchanged.
 */
export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

type ActionButtonStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

export function button(
  customId: string,
  label: string,
  style: ActionButtonStyle = ButtonStyle.Secondary,
  options: { disabled?: boolean } = {},
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, 80), style, ...(options.disabled ? { disabled: true } : {}) };
}

export function stringSelect(customId: string, placeholder: string, options: APISelectMenuOption[]): APIStringSelectComponent {
  return { type: ComponentType.StringSelect, custom_id: customId, placeholder: truncate(placeholder, 150), options: options.slice(0, 25) };
}

export function row(...components: APIComponentInMessageActionRow[]): Row {
  return { type: ComponentType.ActionRow, components };
}

export { ButtonStyle };

import type { InteractionResult, LoggedMessage } from '../../../src/local-discord/index.js';

/** A message component flattened out of its action row, with the fields tests read. */
export interface FlatComponent {
  readonly type: number;
  readonly label?: string;
  readonly custom_id?: string;
  readonly disabled?: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

export function componentsOf(message: LoggedMessage | null | undefined): FlatComponent[] {
  return (message?.components ?? []).flatMap((row) => ('components' in row ? (row.components as unknown as FlatComponent[]) : []));
}

export function buttonLabels(message: LoggedMessage | null | undefined): (string | undefined)[] {
  return componentsOf(message)
    .filter((component) => component.type === 2)
    .map((component) => component.label);
}

/** The interaction's reply, failing the test clearly when the bot did not answer. */
export function replyOf(result: InteractionResult): LoggedMessage {
  if (!result.reply) throw new Error(`interaction ${result.interactionId} has no reply`);
  return result.reply;
}

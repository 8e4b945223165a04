import type { InteractionContext, LocalDiscordDriver } from '../../src/local-discord/index.js';
import type { InteractionKind } from './plan.js';

/** What one interaction came to, as the driver saw it. */
export interface Outcome {
  readonly kind: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** The bot's reply to an unexpected failure (src/discord/router.ts): an answer, but an error. */
const ERROR_REPLY = /Something went wrong/;

/** The stats key the emulator files a kind's latencies under (`/ask`, `autocomplete /cto topic`). */
export function statsKey(kind: InteractionKind): string {
  const command = kind.command.startsWith('/') ? kind.command : `/${kind.command}`;
  return kind.type === 'autocomplete' ? `autocomplete ${command}` : command;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 200);

/**
 * Sends interaction `index` of the mix: kinds take turns, and each kind walks through its values,
 * so every kind gets the same share of the rate.
 */
export function interactionSender(discord: LocalDiscordDriver, kinds: readonly InteractionKind[], where: InteractionContext) {
  return async (index: number): Promise<Outcome> => {
    const kind = kinds[index % kinds.length] as InteractionKind;
    const turn = Math.floor(index / kinds.length);
    const value = kind.values?.[turn % kind.values.length];
    try {
      if (kind.type === 'autocomplete') {
        await discord.autocomplete(kind.command, { [kind.option]: value ?? '' }, kind.option, where);
        return { kind: kind.label, ok: true };
      }
      const options = kind.option && value !== undefined ? { [kind.option]: value } : {};
      const result = await discord.invoke(kind.command, options, { ...where, settleTimeoutMs: 5_000 });
      const text = `${result.reply?.content ?? ''} ${JSON.stringify(result.reply?.embeds ?? [])}`;
      if (ERROR_REPLY.test(text)) return { kind: kind.label, ok: false, error: 'the bot answered with its error message' };
      return { kind: kind.label, ok: result.acknowledged };
    } catch (error) {
      return { kind: kind.label, ok: false, error: message(error) };
    }
  };
}

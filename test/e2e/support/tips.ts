import type { ManualClock } from '../../../src/core/clock.js';
import type { InteractionResult, LocalDiscord, LoggedMessage, LocalDiscordDriver, OptionValue } from '../../../src/local-discord/index.js';
import { at, type TestBot } from './harness.js';

/** The sandbox channel the tips tests post into. */
export const TIPS_CHANNEL = 'leadership-tips';

export function channelOf(t: TestBot, name = TIPS_CHANNEL): string {
  const id = t.world.channelIds.get(name);
  if (!id) throw new Error(`the sandbox has no #${name}`);
  return id;
}

/** The moderator runs `/tips setup` in #general; channel, time and zone default to #leadership-tips at 09:00 London. */
export function setUpTips(t: TestBot, options: Record<string, OptionValue> = {}, who: 'moderator' | 'member' = 'moderator'): Promise<InteractionResult> {
  return t.discord.invoke('/tips setup', { channel: channelOf(t), time: '09:00', timezone: 'Europe/London', ...options }, at(t.world, 'general', who));
}

/** The text of a deferred command's answer: the edited reply's embed description or its content. */
export function answerText(result: InteractionResult): string {
  const message = result.reply ?? result.followUps[0] ?? null;
  if (!message) return '';
  return [message.content, ...message.embeds.flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).map((field) => `${field.name}: ${field.value}`)])]
    .filter(Boolean)
    .join('\n');
}

/**
 * Everything the bot posted in a channel on its own (not an interaction answer), deleted messages
 * aside: in a tips channel that must be daily tips and nothing else, so tests count these.
 */
export async function postedTips(discord: LocalDiscordDriver, channelId: string): Promise<LoggedMessage[]> {
  return (await discord.messages(channelId)).filter((message) => !message.deleted && !message.ephemeralFor && message.interaction_metadata === undefined);
}

/** A daily tip as the scheduler posts it: public, the bot's own, with the "Tip N of M" footer. */
export function isPostedTip(message: LoggedMessage): boolean {
  return !message.deleted && !message.ephemeralFor && message.interaction_metadata === undefined && (message.embeds[0]?.footer?.text ?? '').startsWith('Tip ');
}

/** Moves the bot's clock and runs its background jobs once, as the minute tick would. */
export async function tickAt(t: TestBot, clock: ManualClock, instant: string): Promise<void> {
  clock.set(instant);
  await t.bot.jobs.runAll();
}

/** The labels of a message's buttons, in order. */
export function buttonLabels(message: LoggedMessage): string[] {
  const labels: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const component = node as { label?: unknown; components?: unknown[] };
    if (typeof component.label === 'string') labels.push(component.label);
    for (const child of component.components ?? []) visit(child);
  };
  for (const component of message.components ?? []) visit(component);
  return labels;
}

/**
 * Daily tips in a channel, read straight from the in-process emulator's state (the bot's messages with
 * an embed): cheap enough for a probe that `discord.waitUntil` runs on every change.
 */
export function tipsNow(discord: LocalDiscord, channelId: string): number {
  let count = 0;
  for (const stored of discord.core.state.channels.get(channelId)?.messages.values() ?? []) {
    if (!stored.deleted && stored.authorId === discord.botUserId && stored.message.embeds.length > 0) count += 1;
  }
  return count;
}

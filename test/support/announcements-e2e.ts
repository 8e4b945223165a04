import type { InteractionContext, InteractionResult, LocalDiscordDriver, LoggedMessage, OptionValue } from '../../src/local-discord/index.js';
import { at, type TestBot } from '../e2e/support/harness.js';

/** Helpers for the announcement tests through the local Discord. */

export function channelId(t: TestBot, name: string): string {
  const id = t.world.channelIds.get(name);
  if (!id) throw new Error(`the sandbox has no #${name}`);
  return id;
}

export const moderatorIn = (t: TestBot, channel = 'general'): InteractionContext => at(t.world, channel, 'moderator');

/** `/announce post|schedule …` then the modal with `body`: the settled preview (or the refusal, when no modal opened). */
export async function compose(
  t: TestBot,
  subcommand: 'post' | 'schedule',
  options: Record<string, OptionValue>,
  body: string,
  who: InteractionContext = moderatorIn(t),
): Promise<{ opened: InteractionResult; preview: InteractionResult | null }> {
  const opened = await t.discord.invoke(`/announce ${subcommand}`, options, who);
  if (!opened.modal) return { opened, preview: null };
  const submitted = await t.discord.submitModal(opened, { body });
  return { opened, preview: await t.discord.waitForInteraction(submitted.interactionId, (result) => settled(result.reply)) };
}

/** Clicks a button and waits until the message it was on shows the outcome (not a "⏳ …" interim state). */
export async function clickAndSettle(t: TestBot, message: LoggedMessage, label: string, who: InteractionContext): Promise<InteractionResult> {
  const clicked = await t.discord.click(message, label, who);
  return t.discord.waitForInteraction(clicked.interactionId, (result) => [result.reply, ...result.followUps].some(settled));
}

function settled(message: LoggedMessage | null): boolean {
  return Boolean(message && !message.deleted && message.content !== '' && !message.content.startsWith('⏳'));
}

export function requireMessage(result: InteractionResult | null): LoggedMessage {
  const message = result?.reply;
  if (!message) throw new Error('the bot did not answer');
  return message;
}

/** The labels of a message's buttons, in order. */
export function buttonLabels(message: LoggedMessage): string[] {
  const rows = (message.components ?? []) as readonly { components?: readonly { label?: string }[] }[];
  return rows.flatMap((row) => row.components ?? []).map((component) => component.label ?? '');
}

/** Announcements the bot posted in a channel: public messages carrying the announcement embed. */
export async function postedAnnouncements(discord: LocalDiscordDriver, channel: string): Promise<LoggedMessage[]> {
  return (await discord.messages(channel)).filter(
    (message) => !message.deleted && !message.ephemeralFor && message.embeds[0]?.author?.name === '📣 Announcement',
  );
}

/** `#12` in a reply → 12. */
export function announcementIdIn(text: string): number {
  const match = /#(\d+)/.exec(text);
  if (!match) throw new Error(`no announcement id in: ${text}`);
  return Number(match[1]);
}

/** A member with the given roles, and where they act. */
export async function newMember(t: TestBot, username: string, roles: string[], channel = 'general'): Promise<InteractionContext> {
  const member = await t.discord.createMember(t.world.guild.id, { username, roles });
  return { guildId: t.world.guild.id, channelId: channelId(t, channel), userId: member.user.id };
}

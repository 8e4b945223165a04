import { InteractionType, ComponentType } from 'discord-api-types/v10';
import type { InteractionResult, LocalDiscordDriver, LoggedMessage } from '../../src/local-discord/index.js';
import { dispatchInteraction } from '../../src/local-discord/services/interaction-dispatch.js';
import { deleteMessage } from '../../src/local-discord/services/messages.js';
import { at, type TestBot } from '../e2e/support/harness.js';
import { buttonLabels as sharedButtonLabels } from '../e2e/support/messages.js';

/** Anything that drives the local Discord: a TestBot, or a test running the bot as its own process. */
export interface Driven {
  readonly discord: LocalDiscordDriver;
}

/** Where a member acts: a server, a channel, a person. */
export interface Where {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
}

/** The Q&A tests' cast in the test world: sam (member), morgan (moderator), alex (a third member), and the #questions channel. */
export interface QaCast {
  readonly questions: string;
  readonly sam: Where;
  readonly morgan: Where;
  readonly alex: Where;
}

/** Makes the cast (alex is created) and, unless told not to, has morgan run `/qa setup` on #questions. */
export async function qaCast(t: TestBot, options: { setup?: boolean } = {}): Promise<QaCast> {
  const questions = t.world.channelIds.get('questions') ?? '';
  const sam = at(t.world, 'general', 'member');
  const morgan = at(t.world, 'general', 'moderator');
  const third = await t.discord.createMember(t.world.guild.id, { username: 'alex' });
  const alex = { ...sam, userId: third.user.id };
  if (options.setup ?? true) await t.discord.invoke('/qa setup', { channel: questions }, morgan);
  return { questions, sam, morgan, alex };
}

/** Every message of an interaction the member can see: the reply and its follow-ups. */
export function visible(result: InteractionResult): LoggedMessage[] {
  return [result.reply, ...result.followUps].filter((message): message is LoggedMessage => message !== null && !message.deleted);
}

/** The text of everything the bot answered (content and embed titles/descriptions). */
export function answerText(result: InteractionResult): string {
  return visible(result)
    .map((message) => [message.content, ...message.embeds.flatMap((embed) => [embed.title ?? '', embed.description ?? ''])].join('\n'))
    .join('\n');
}

/** Waits until a deferred or updated interaction shows its final words. */
export function settled(t: Driven, result: InteractionResult, predicate: (text: string) => boolean, timeoutMs = 10_000): Promise<InteractionResult> {
  return t.discord.waitForInteraction(result.interactionId, (state) => predicate(answerText(state)), timeoutMs);
}

/** The posted message of question #N in a channel (a text channel, or a forum post's thread). */
export function questionMessage(t: Driven, channelId: string, number: number, predicate: (message: LoggedMessage) => boolean = () => true): Promise<LoggedMessage> {
  return t.discord.waitForMessage(channelId, (message) => message.embeds[0]?.title === `Question #${number}` && predicate(message));
}

export function fieldOf(message: LoggedMessage, name: string): string | undefined {
  return message.embeds[0]?.fields?.find((field) => field.name === name)?.value;
}

/** Labels of a message's buttons (the shared e2e helper, without the undefined ones). */
export function buttonLabels(message: LoggedMessage): string[] {
  return sharedButtonLabels(message).filter((label): label is string => label !== undefined);
}

/**
 * /question ask through to a posted question: answers the similar-questions prompt with "Post mine
 * anyway" when it appears. Resolves with the member's final private confirmation.
 */
export async function askQuestion(t: Driven, text: string, where: Where, options: { anonymous?: boolean; settleTimeoutMs?: number } = {}): Promise<InteractionResult> {
  const settle = options.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: options.settleTimeoutMs };
  const asked = await t.discord.invoke('/question ask', { text, ...(options.anonymous ? { anonymous: true } : {}) }, { ...where, ...settle });
  const prompt = asked.reply;
  if (prompt && prompt.embeds[0]?.title === 'Has this been asked before?') {
    const clicked = await t.discord.click(prompt, 'Post mine anyway', { ...where, ...settle });
    return settled(t, clicked, (words) => /Posted|saved as|waiting for a moderator/.test(words), options.settleTimeoutMs);
  }
  return asked;
}

/** Clicks Answer on a question message and submits the form. */
export async function answerVia(t: Driven, message: LoggedMessage, text: string, where: Where, settle: { settleTimeoutMs?: number } = {}): Promise<InteractionResult> {
  const opened = await t.discord.click(message, 'Answer', where);
  if (!opened.modal) throw new Error(`no answer form: ${answerText(opened)}`);
  return t.discord.submitModal(opened, { text }, settle);
}

/** A component interaction as a client could craft it: any custom_id, in any server it is in. */
export async function craftClick(t: TestBot, where: Where, customId: string, source: LoggedMessage): Promise<InteractionResult> {
  const core = t.discord.core;
  const channel = core.state.requireChannel(source.channel_id);
  const stored = core.state.requireMessage(channel, source.id);
  const record = dispatchInteraction(core, {
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    guildId: where.guildId,
    channelId: where.channelId,
    userId: where.userId,
    sourceMessage: stored,
  });
  return t.discord.waitForInteraction(record.id, (state) => state.acknowledged && !state.pending);
}

/** A moderator deletes a message in the Discord client (MESSAGE_DELETE reaches the bot). */
export function deleteAsModerator(t: TestBot, message: Pick<LoggedMessage, 'id' | 'channel_id'>): void {
  const core = t.discord.core;
  deleteMessage(core, core.state.requireMessage(core.state.requireChannel(message.channel_id), message.id));
}

/** A moderator's close, delete or merge: the private confirmation, then Confirm on it (resolves with the click). */
export async function confirmedModeration(t: Driven, command: '/qa close' | '/qa delete' | '/qa merge', options: Record<string, number>, where: Where): Promise<InteractionResult> {
  const asked = await t.discord.invoke(command, options, where);
  if (!asked.reply || !buttonLabels(asked.reply).includes('Confirm')) throw new Error(`no confirmation: ${answerText(asked)}`);
  return t.discord.click(asked.reply, 'Confirm', where);
}

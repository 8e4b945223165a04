import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { has } from '../permissions.js';
import type { ChannelRecord, ThreadState } from '../state/records.js';
import { dispatchChannel } from './guilds.js';

/** A thread's life on Discord: archiving after inactivity, unarchiving, locking, and what each allows. */

const MINUTE_MS = 60_000;
/** The inactivity periods, in minutes, after which Discord may archive a thread. */
export const ARCHIVE_DURATIONS: readonly number[] = [60, 1440, 4320, 10080];

function archiveDeadline(thread: ThreadState): number {
  return thread.lastActivityAt + thread.autoArchiveDuration * MINUTE_MS;
}

/** A thread became active (created, unarchived, a shorter duration): the next sweep must not come later than its deadline. */
export function expectArchiveCheck(core: Core, thread: ThreadState): void {
  core.state.nextThreadArchiveAt = Math.min(core.state.nextThreadArchiveAt, archiveDeadline(thread));
}

/**
 * Discord archives a thread after `auto_archive_duration` minutes without activity. The emulator
 * does it when the world is next looked at (every REST call, the driver's reads, a clock move),
 * as of the moment it went idle, and tells the bot with THREAD_UPDATE.
 */
export function archiveIdleThreads(core: Core): void {
  const now = core.now();
  if (now < core.state.nextThreadArchiveAt) return;
  let next = Number.POSITIVE_INFINITY;
  let archived = 0;
  for (const channel of core.state.channels.values()) {
    const thread = channel.thread;
    if (!thread || thread.archived || channel.deleted) continue;
    const deadline = archiveDeadline(thread);
    if (deadline > now) {
      next = Math.min(next, deadline);
      continue;
    }
    setArchived(core, thread, true, deadline);
    dispatchChannel(core, 'THREAD_UPDATE', channel);
    archived += 1;
  }
  core.state.nextThreadArchiveAt = next;
  if (archived > 0) core.state.touch();
}

/** A message sent in an archived thread unarchives it (the caller refused locked ones): THREAD_UPDATE first. */
export function reopenForMessage(core: Core, channel: ChannelRecord): void {
  if (!channel.thread?.archived) return;
  setArchived(core, channel.thread, false);
  dispatchChannel(core, 'THREAD_UPDATE', channel);
}

/** Archiving and unarchiving move archive_timestamp; unarchiving counts as activity. No dispatch. */
export function setArchived(core: Core, thread: ThreadState, archived: boolean, at = core.now()): void {
  if (thread.archived === archived) return;
  thread.archived = archived;
  thread.archiveTimestamp = new Date(at).toISOString();
  if (!archived) markActive(core, thread, at);
}

/** Activity (a message, unarchiving, a new auto_archive_duration) restarts the idle timer. */
export function markActive(core: Core, thread: ThreadState, at = core.now()): void {
  thread.lastActivityAt = at;
  expectArchiveCheck(core, thread);
}

export function setAutoArchiveDuration(core: Core, thread: ThreadState, minutes: number): void {
  thread.autoArchiveDuration = minutes;
  thread.archiveTimestamp = new Date(core.now()).toISOString();
  markActive(core, thread);
}

/**
 * Before a message is sent in a thread: a locked thread takes messages only from members with
 * Manage Threads (160005); an archived one is unarchived by the message, unless it is locked
 * (50083: it must be unarchived first).
 */
export function threadAcceptsMessage(channel: ChannelRecord, permissions: bigint): void {
  const thread = channel.thread;
  if (!thread) return;
  if (thread.locked && !has(permissions, PermissionFlagsBits.ManageThreads)) throw Errors.threadLocked();
  if (thread.archived && thread.locked) throw Errors.threadArchived();
}

/** Editing a message in a thread: never while archived (50083); while locked only with Manage Threads (160005). */
export function threadAllowsEdit(channel: ChannelRecord, permissions: bigint): void {
  const thread = channel.thread;
  if (!thread) return;
  if (thread.archived) throw Errors.threadArchived();
  if (thread.locked && !has(permissions, PermissionFlagsBits.ManageThreads)) throw Errors.threadLocked();
}

/** Deleting is the one thing allowed in an archived thread, except a locked one without Manage Threads. */
export function threadAllowsDelete(channel: ChannelRecord, permissions: bigint): void {
  const thread = channel.thread;
  if (thread?.archived && thread.locked && !has(permissions, PermissionFlagsBits.ManageThreads)) throw Errors.threadArchived();
}

/** What a moderator changes on a thread in Discord's client (the driver's updateThread). */
export interface ThreadModeration {
  archived?: boolean;
  locked?: boolean;
  /** 60, 1440, 4320 or 10080 minutes. */
  autoArchiveDuration?: number;
}

/** A moderator (Manage Threads) archives, locks or reopens a thread: THREAD_UPDATE to the bot. */
export function moderateThread(core: Core, channelId: string, change: ThreadModeration): ChannelRecord {
  const channel = core.state.requireChannel(channelId);
  const thread = channel.thread;
  if (!thread) throw new Error(`channel ${channelId} is not a thread`);
  if (change.autoArchiveDuration !== undefined && !ARCHIVE_DURATIONS.includes(change.autoArchiveDuration)) {
    throw new Error(`autoArchiveDuration must be one of ${ARCHIVE_DURATIONS.join(', ')} (minutes)`);
  }
  if (change.locked !== undefined) thread.locked = change.locked;
  if (change.autoArchiveDuration !== undefined) setAutoArchiveDuration(core, thread, change.autoArchiveDuration);
  if (change.archived !== undefined) setArchived(core, thread, change.archived);
  dispatchChannel(core, 'THREAD_UPDATE', channel);
  core.state.touch();
  return channel;
}

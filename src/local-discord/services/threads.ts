import { ChannelFlags, ChannelType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIChannel } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors, FormErrors } from '../errors.js';
import { channelPayload } from '../payloads.js';
import { has } from '../permissions.js';
import type { ChannelRecord, StoredMessage, ThreadState } from '../state/records.js';
import { expectArchiveCheck } from './thread-state.js';
import { dispatchChannel } from './guilds.js';
import { dispatchMessage } from './messages.js';

/** Discord's limit on tags per forum post. */
export const MAX_APPLIED_TAGS = 5;

export interface NewThread {
  parent: ChannelRecord;
  name: string;
  type: ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread;
  autoArchiveDuration?: number | null;
  invitable?: boolean | null;
  /** Forum posts: the forum's tags it carries (already checked). */
  appliedTags?: string[];
  /** Threads started from a message take the message's id. */
  id: string;
  ownerId: string;
}

/** Create a thread channel (members: its owner) and announce it with THREAD_CREATE. */
export function createThreadChannel(core: Core, input: NewThread): ChannelRecord {
  const now = core.now();
  const createdAt = new Date(now).toISOString();
  const state: ThreadState = {
    ownerId: input.ownerId,
    archived: false,
    locked: false,
    invitable: input.invitable ?? true,
    autoArchiveDuration: input.autoArchiveDuration ?? 4320,
    createdAt,
    archiveTimestamp: createdAt,
    lastActivityAt: now,
    appliedTags: input.appliedTags ?? [],
    messageCount: 0,
    totalMessageSent: 0,
    memberIds: new Set([input.ownerId]),
  };
  const thread: ChannelRecord = {
    id: input.id,
    type: input.type,
    guildId: input.parent.guildId,
    name: input.name,
    parentId: input.parent.id,
    position: 0,
    topic: null,
    nsfw: false,
    overwrites: [],
    lastMessageId: null,
    recipientId: null,
    thread: state,
    flags: 0,
    availableTags: [],
    deleted: false,
    messages: new Map(),
  };
  core.state.channels.set(thread.id, thread);
  if (thread.guildId) core.state.guilds.get(thread.guildId)?.channelIds.add(thread.id);
  expectArchiveCheck(core, state);
  dispatchChannel(core, 'THREAD_CREATE', thread, true);
  core.state.touch();
  return thread;
}

/** Start a thread on an existing message: the thread gets the message's id, the message gets `thread` + HAS_THREAD. */
export function startThreadFromMessage(core: Core, parent: ChannelRecord, stored: StoredMessage, name: string, autoArchiveDuration?: number | null): ChannelRecord {
  const type = parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
  const thread = createThreadChannel(core, { parent, name, type, autoArchiveDuration: autoArchiveDuration ?? null, id: stored.message.id, ownerId: core.bot.id });
  stored.message.flags = (stored.message.flags ?? 0) | MessageFlags.HasThread;
  stored.message.thread = threadPayload(core, thread);
  dispatchMessage(core, 'MESSAGE_UPDATE', stored);
  return thread;
}

export function threadPayload(core: Core, thread: ChannelRecord): Extract<APIChannel, { type: ChannelType.PublicThread }> {
  return channelPayload(thread, (id) => core.state.users.get(id)) as Extract<APIChannel, { type: ChannelType.PublicThread }>;
}

// ── forum tags ────────────────────────────────────────────────────────────────

/**
 * The tags a forum post may carry: at most 5 of the forum's own (deduplicated), a moderated one put on
 * (or taken off) only with Manage Threads, and at least one when the forum requires a tag (40067).
 * `current`: the post's tags before this edit (none for a new post).
 */
export function checkAppliedTags(forum: ChannelRecord, tags: readonly string[] | null | undefined, permissions: bigint, current: readonly string[] = []): string[] {
  const chosen = [...new Set(tags ?? [])];
  const errors = new FormErrors();
  if (chosen.length > MAX_APPLIED_TAGS) errors.add(['applied_tags'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_APPLIED_TAGS} or fewer in length.`);
  chosen.forEach((id, index) => {
    if (!forum.availableTags.some((tag) => tag.id === id)) errors.add(['applied_tags', index], 'BASE_TYPE_CHOICES', "Value must be one of the forum's tags.");
  });
  errors.throwIfAny();
  const isModerated = (id: string) => forum.availableTags.find((tag) => tag.id === id)?.moderated ?? false;
  const moderated = chosen.some((id) => !current.includes(id) && isModerated(id)) || current.some((id) => !chosen.includes(id) && isModerated(id));
  if (moderated && !has(permissions, PermissionFlagsBits.ManageThreads)) throw Errors.missingPermissions();
  if (chosen.length === 0 && (forum.flags & ChannelFlags.RequireTag) !== 0) throw Errors.forumTagRequired();
  return chosen;
}

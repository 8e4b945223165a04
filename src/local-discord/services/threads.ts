import { ChannelType, MessageFlags } from 'discord-api-types/v10';
import type { APIChannel } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { channelPayload } from '../payloads.js';
import type { ChannelRecord, StoredMessage } from '../state/records.js';
import { dispatchChannel } from './guilds.js';
import { dispatchMessage } from './messages.js';

export interface NewThread {
  parent: ChannelRecord;
  name: string;
  type: ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread;
  autoArchiveDuration?: number | null;
  invitable?: boolean | null;
  /** Threads started from a message take the message's id. */
  id: string;
  ownerId: string;
}

/** Create a thread channel (members: its owner) and announce it with THREAD_CREATE. */
export function createThreadChannel(core: Core, input: NewThread): ChannelRecord {
  const createdAt = new Date().toISOString();
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
    thread: {
      ownerId: input.ownerId,
      archived: false,
      locked: false,
      invitable: input.invitable ?? true,
      autoArchiveDuration: input.autoArchiveDuration ?? 4320,
      createdAt,
      messageCount: 0,
      totalMessageSent: 0,
      memberIds: new Set([input.ownerId]),
    },
    deleted: false,
    messages: new Map(),
  };
  core.state.channels.set(thread.id, thread);
  if (thread.guildId) core.state.guilds.get(thread.guildId)?.channelIds.add(thread.id);
  dispatchChannel(core, 'THREAD_CREATE', thread, { newly_created: true });
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

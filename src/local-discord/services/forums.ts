import { ChannelFlags, ChannelType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { nextSnowflake } from '../snowflake.js';
import type { ChannelRecord, ForumTagRecord } from '../state/records.js';
import { dispatchChannel } from './guilds.js';

/** A forum tag as the server's settings define it; without `id` it is a new tag. */
export interface ForumTagInput {
  id?: string;
  name: string;
  /** Only members with Manage Threads may apply it. */
  moderated?: boolean;
  emojiName?: string | null;
}

/** What Server Settings → the forum's settings change (the driver's updateForum). */
export interface ForumSettings {
  /** Replaces the forum's tags (Discord: at most 20, names of 1–20 characters). */
  availableTags?: ForumTagInput[];
  /** "Require people to select tags when posting" (ChannelFlags.RequireTag). */
  requireTag?: boolean;
}

/** Discord's limit on a forum's tags. */
export const MAX_FORUM_TAGS = 20;

function toTag(input: ForumTagInput, existing: ForumTagRecord[]): ForumTagRecord {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 20) throw new Error(`forum tag names are 1–20 characters: "${input.name}"`);
  if (input.id !== undefined && !existing.some((tag) => tag.id === input.id)) throw new Error(`the forum has no tag ${input.id} to keep`);
  return { id: input.id ?? nextSnowflake(), name, moderated: input.moderated ?? false, emojiName: input.emojiName ?? null };
}

/** Changes a forum's tags or its required-tag flag and tells the bot (CHANNEL_UPDATE). */
export function updateForum(core: Core, forumId: string, settings: ForumSettings): ChannelRecord {
  const forum = core.state.requireChannel(forumId);
  if (forum.type !== ChannelType.GuildForum && forum.type !== ChannelType.GuildMedia) throw new Error(`channel ${forumId} is not a forum`);
  if (settings.availableTags) {
    if (settings.availableTags.length > MAX_FORUM_TAGS) throw new Error(`a forum has at most ${MAX_FORUM_TAGS} tags`);
    forum.availableTags = settings.availableTags.map((tag) => toTag(tag, forum.availableTags));
  }
  if (settings.requireTag !== undefined) {
    forum.flags = settings.requireTag ? forum.flags | ChannelFlags.RequireTag : forum.flags & ~ChannelFlags.RequireTag;
  }
  dispatchChannel(core, 'CHANNEL_UPDATE', forum);
  core.state.touch();
  return forum;
}

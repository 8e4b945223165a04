import { ChannelFlags, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Core } from '../core.js';
import { DiscordError, Errors, FormErrors } from '../errors.js';
import { channelPayload } from '../payloads.js';
import { has } from '../permissions.js';
import { requirePermissions } from '../services/access.js';
import { dispatchChannel } from '../services/guilds.js';
import { MAX_FORUM_TAGS, updateForum } from '../services/forums.js';
import { ARCHIVE_DURATIONS, setArchived, setAutoArchiveDuration } from '../services/thread-state.js';
import { checkAppliedTags } from '../services/threads.js';
import type { ChannelRecord, ThreadState } from '../state/records.js';
import { checkLength, parseBody } from '../validation/form.js';
import { ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const P = PermissionFlagsBits;

const threadPatchSchema = z
  .object({
    name: z.string().optional(),
    archived: z.boolean().optional(),
    locked: z.boolean().optional(),
    auto_archive_duration: z.number().int().optional(),
    applied_tags: z.array(z.string()).optional(),
    rate_limit_per_user: z.number().int().min(0).max(21_600).nullish(),
    invitable: z.boolean().optional(),
  })
  .loose();
type ThreadPatch = z.output<typeof threadPatchSchema>;

/** What a bot may change on a forum here: its tags and whether posts must carry one. */
const forumPatchSchema = z
  .object({
    available_tags: z
      .array(z.object({ id: z.string().nullish(), name: z.string(), moderated: z.boolean().nullish(), emoji_id: z.string().nullish(), emoji_name: z.string().nullish() }).loose())
      .optional(),
    flags: z.number().int().optional(),
  })
  .loose();
const FORUM_FIELDS = new Set(['available_tags', 'flags']);
type ForumPatch = z.output<typeof forumPatchSchema>;

function getChannel(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  if (channel.guildId) requirePermissions(core, channel, P.ViewChannel);
  return ok(channelPayload(channel, (id) => core.state.users.get(id)));
}

/** PATCH /channels/{id}: threads only (archive, lock, auto-archive, name, tags); the world's other channels change through the driver. */
function patchChannel(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia) return patchForum(core, channel, request);
  const thread = channel.thread;
  if (!thread) throw new DiscordError(400, 0, 'The local Discord edits threads and forums only; change other channels through its driver');
  const permissions = requirePermissions(core, channel, 0n);
  const patch = parseThreadPatch(request.body);
  const appliedTags = checkThreadPatch(core, channel, thread, patch, permissions);
  applyThreadPatch(core, channel, thread, patch, appliedTags);
  dispatchChannel(core, 'THREAD_UPDATE', channel);
  core.state.touch();
  return ok(channelPayload(channel, (id) => core.state.users.get(id)));
}

/**
 * PATCH a forum's tags or REQUIRE_TAG flag (resources/channel, Modify Channel: Manage Channels; the forum tag
 * object: at most 20 tags, names of 1–20 characters — Discord says 0–20, an empty name is refused here). A tag
 * with an `id` keeps it and must be one of the forum's; one without is new; a tag left out is deleted. Custom
 * emojis do not exist here: an `emoji_id` is refused. Other fields are the driver's to change.
 */
function patchForum(core: Core, forum: ChannelRecord, request: RestRequest): RestResult {
  const patch = parseForumPatch(request.body, forum);
  requirePermissions(core, forum, P.ManageChannels);
  const updated = updateForum(core, forum.id, {
    ...(patch.available_tags ? { availableTags: patch.available_tags.map((tag) => ({ ...(tag.id ? { id: tag.id } : {}), name: tag.name, moderated: tag.moderated ?? false, emojiName: tag.emoji_name ?? null })) } : {}),
    ...(patch.flags !== undefined ? { requireTag: (patch.flags & ChannelFlags.RequireTag) !== 0 } : {}),
  });
  return ok(channelPayload(updated, (id) => core.state.users.get(id)));
}

function parseForumPatch(raw: unknown, forum: ChannelRecord): ForumPatch {
  const patch = parseBody(forumPatchSchema, raw ?? {});
  const other = Object.keys(patch).filter((key) => !FORUM_FIELDS.has(key));
  if (other.length > 0) throw new DiscordError(400, 0, `The local Discord edits a forum's available_tags and flags only (not ${other.join(', ')}); change the rest through its driver`);
  const errors = new FormErrors();
  checkForumShape(errors, patch);
  patch.available_tags?.forEach((tag, index) => {
    if (tag.id && !forum.availableTags.some((known) => known.id === tag.id)) errors.add(['available_tags', index, 'id'], 'BASE_TYPE_CHOICES', "Value must be one of the forum's tags.");
  });
  errors.throwIfAny();
  return patch;
}

/** The forum rules that need no forum: how many tags, their names, no custom emoji, only REQUIRE_TAG among the flags. */
function checkForumShape(errors: FormErrors, patch: ForumPatch): void {
  checkLength(errors, ['available_tags'], patch.available_tags, 0, MAX_FORUM_TAGS);
  patch.available_tags?.forEach((tag, index) => {
    checkLength(errors, ['available_tags', index, 'name'], tag.name, 1, 20);
    if (tag.emoji_id) errors.add(['available_tags', index, 'emoji_id'], 'UNKNOWN_EMOJI', 'Unknown emoji');
  });
  if (patch.flags !== undefined && (patch.flags & ~ChannelFlags.RequireTag) !== 0) errors.add(['flags'], 'BASE_TYPE_CHOICES', 'A forum takes only the REQUIRE_TAG flag (16).');
}

/** Rules checked before the route runs, so a body the spec refuses too gets Discord's codes (a forum's tags). */
function channelPatchRules(request: RestRequest): void {
  const parsed = forumPatchSchema.safeParse(request.body ?? {});
  if (!parsed.success || parsed.data.available_tags === undefined) return;
  const errors = new FormErrors();
  checkForumShape(errors, parsed.data);
  errors.throwIfAny();
}

function parseThreadPatch(raw: unknown): ThreadPatch {
  const patch = parseBody(threadPatchSchema, raw ?? {});
  const errors = new FormErrors();
  checkLength(errors, ['name'], patch.name, 1, 100);
  if (patch.auto_archive_duration !== undefined && !ARCHIVE_DURATIONS.includes(patch.auto_archive_duration)) {
    errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
  }
  errors.throwIfAny();
  return patch;
}

/**
 * Discord's rules for editing a thread (topics/threads, "Editing & Deleting Threads" and "Locked
 * Threads"): locking and slowmode need Manage Threads; the name, auto-archive, tags and archiving
 * need Manage Threads or being its creator; unarchiving needs membership, and Manage Threads when the
 * thread is locked (the docs also allow its creator there; the stricter reading is kept). An archived
 * thread takes nothing but (un)archiving and (un)locking; a locked one nothing from those without
 * Manage Threads.
 */
function checkThreadPatch(core: Core, channel: ChannelRecord, thread: ThreadState, patch: ThreadPatch, permissions: bigint): string[] | undefined {
  const manage = has(permissions, P.ManageThreads);
  const creator = thread.ownerId === core.bot.id;
  const unarchiving = patch.archived === false && thread.archived;
  const changesMore = patch.name !== undefined || patch.auto_archive_duration !== undefined || patch.applied_tags !== undefined || patch.rate_limit_per_user !== undefined || patch.invitable !== undefined;
  if ((patch.locked !== undefined || patch.rate_limit_per_user !== undefined) && !manage) throw Errors.missingPermissions();
  if ((changesMore || patch.archived === true) && !manage && !creator) throw Errors.missingPermissions();
  if (unarchiving && thread.locked && !manage) throw Errors.missingPermissions();
  if (unarchiving && !manage && !thread.memberIds.has(core.bot.id)) throw Errors.missingPermissions();
  if (thread.archived && !unarchiving && changesMore) throw Errors.threadArchived();
  if (thread.locked && !manage && changesMore) throw Errors.threadLocked();
  if (patch.applied_tags === undefined) return undefined;
  const parent = channel.parentId ? core.state.channels.get(channel.parentId) : undefined;
  // Only forum posts carry tags.
  if (parent?.type !== ChannelType.GuildForum && parent?.type !== ChannelType.GuildMedia) {
    if (patch.applied_tags.length > 0) throw Errors.invalidForm(['applied_tags'], 'BASE_TYPE_CHOICES', "Value must be one of the forum's tags.");
    return [];
  }
  // A moderated tag "can only be added to or removed from threads by a member with MANAGE_THREADS" (the forum tag object).
  return checkAppliedTags(parent, patch.applied_tags, permissions, thread.appliedTags);
}

function applyThreadPatch(core: Core, channel: ChannelRecord, thread: ThreadState, patch: ThreadPatch, appliedTags: string[] | undefined): void {
  if (patch.name !== undefined) channel.name = patch.name;
  if (patch.locked !== undefined) thread.locked = patch.locked;
  if (patch.invitable !== undefined) thread.invitable = patch.invitable;
  if (patch.auto_archive_duration !== undefined && patch.auto_archive_duration !== thread.autoArchiveDuration) setAutoArchiveDuration(core, thread, patch.auto_archive_duration);
  if (appliedTags !== undefined) thread.appliedTags = appliedTags;
  if (patch.archived !== undefined) setArchived(core, thread, patch.archived);
}

export const channelRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/channels/:channelId', handle: getChannel },
  { method: 'PATCH', pattern: '/channels/:channelId', handle: patchChannel, rules: channelPatchRules },
];

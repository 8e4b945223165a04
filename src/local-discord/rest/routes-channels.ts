import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Core } from '../core.js';
import { DiscordError, Errors, FormErrors } from '../errors.js';
import { channelPayload } from '../payloads.js';
import { has } from '../permissions.js';
import { requirePermissions } from '../services/access.js';
import { dispatchChannel } from '../services/guilds.js';
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

function getChannel(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  if (channel.guildId) requirePermissions(core, channel, P.ViewChannel);
  return ok(channelPayload(channel, (id) => core.state.users.get(id)));
}

/** PATCH /channels/{id}: threads only (archive, lock, auto-archive, name, tags); the world's other channels change through the driver. */
function patchChannel(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  const thread = channel.thread;
  if (!thread) throw new DiscordError(400, 0, 'The local Discord edits threads only; change other channels through its driver');
  const permissions = requirePermissions(core, channel, 0n);
  const patch = parseThreadPatch(request.body);
  const appliedTags = checkThreadPatch(core, channel, thread, patch, permissions);
  applyThreadPatch(core, channel, thread, patch, appliedTags);
  dispatchChannel(core, 'THREAD_UPDATE', channel);
  core.state.touch();
  return ok(channelPayload(channel, (id) => core.state.users.get(id)));
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
  return checkAppliedTags(parent, patch.applied_tags, permissions);
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
  { method: 'PATCH', pattern: '/channels/:channelId', handle: patchChannel },
];

import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Core } from '../core.js';
import { Errors, FormErrors } from '../errors.js';
import { requirePermissions } from '../services/access.js';
import { createMessage, requireShowable } from '../services/messages.js';
import { ARCHIVE_DURATIONS } from '../services/thread-state.js';
import { checkAppliedTags, createThreadChannel, startThreadFromMessage, threadPayload } from '../services/threads.js';
import { nextSnowflake } from '../snowflake.js';
import { checkLength, parseBody } from '../validation/form.js';
import { validateMessageBody } from '../validation/message.js';
import { created, noContent, ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const P = PermissionFlagsBits;

const threadBody = z
  .object({
    name: z.string(),
    auto_archive_duration: z.number().int().nullish(),
    type: z.number().int().nullish(),
    invitable: z.boolean().nullish(),
    rate_limit_per_user: z.number().int().nullish(),
    applied_tags: z.array(z.string()).nullish(),
    message: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

function parseThreadBody(raw: unknown): z.output<typeof threadBody> {
  const body = parseBody(threadBody, raw);
  const errors = new FormErrors();
  checkLength(errors, ['name'], body.name, 1, 100);
  if (body.auto_archive_duration !== null && body.auto_archive_duration !== undefined && !ARCHIVE_DURATIONS.includes(body.auto_archive_duration)) {
    errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
  }
  errors.throwIfAny();
  return body;
}

function threadFromMessage(core: Core, request: RestRequest): RestResult {
  const parent = core.state.requireChannel(param(request, 'channelId'));
  if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) throw Errors.invalidChannelType();
  requirePermissions(core, parent, P.CreatePublicThreads | P.ReadMessageHistory);
  const stored = core.state.requireMessage(parent, param(request, 'messageId'));
  if (stored.ephemeralFor) throw Errors.unknownMessage();
  if (core.state.channels.has(stored.message.id)) throw Errors.threadAlreadyCreated();
  const body = parseThreadBody(request.body);
  const thread = startThreadFromMessage(core, parent, stored, body.name, body.auto_archive_duration);
  return created(threadPayload(core, thread));
}

function threadWithoutMessage(core: Core, request: RestRequest): RestResult {
  const parent = core.state.requireChannel(param(request, 'channelId'));
  const body = parseThreadBody(request.body);
  if (parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia) {
    // A forum post: the thread and its starter message share one id.
    const permissions = requirePermissions(core, parent, P.SendMessages);
    if (!body.message) throw Errors.invalidForm(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
    const message = validateMessageBody(body.message, { mode: 'create', fileCount: request.files.length });
    requireShowable(message, permissions, false, request.files.length);
    const appliedTags = checkAppliedTags(parent, body.applied_tags, permissions);
    const thread = createThreadChannel(core, { parent, name: body.name, type: ChannelType.PublicThread, autoArchiveDuration: body.auto_archive_duration ?? null, appliedTags, id: nextSnowflake(), ownerId: core.bot.id });
    const starter = createMessage(core, { channel: thread, author: core.bot, body: message, files: request.files, permissions, id: thread.id });
    return created({ ...threadPayload(core, thread), message: starter.message });
  }
  if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) throw Errors.invalidChannelType();
  const type = body.type ?? ChannelType.PrivateThread;
  if (type === ChannelType.PrivateThread && parent.type !== ChannelType.GuildText) throw Errors.invalidChannelType();
  if (type !== ChannelType.PublicThread && type !== ChannelType.PrivateThread && type !== ChannelType.AnnouncementThread) {
    throw Errors.invalidForm(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
  }
  requirePermissions(core, parent, type === ChannelType.PrivateThread ? P.CreatePrivateThreads : P.CreatePublicThreads);
  const thread = createThreadChannel(core, { parent, name: body.name, type, autoArchiveDuration: body.auto_archive_duration ?? null, invitable: body.invitable ?? null, id: nextSnowflake(), ownerId: core.bot.id });
  return created(threadPayload(core, thread));
}

function joinThread(core: Core, request: RestRequest, join: boolean): RestResult {
  const thread = core.state.requireChannel(param(request, 'channelId'));
  if (!thread.thread) throw Errors.invalidChannelType();
  requirePermissions(core, thread, 0n);
  // Nobody joins an archived thread (leaving one is allowed).
  if (join && thread.thread.archived) throw Errors.threadArchived();
  if (join) thread.thread.memberIds.add(core.bot.id);
  else thread.thread.memberIds.delete(core.bot.id);
  core.state.touch();
  return noContent();
}

function getThreadMember(core: Core, request: RestRequest): RestResult {
  const thread = core.state.requireChannel(param(request, 'channelId'));
  const userId = param(request, 'userId') === '@me' ? core.bot.id : param(request, 'userId');
  if (!thread.thread?.memberIds.has(userId)) throw Errors.unknownMember();
  return ok({ id: thread.id, user_id: userId, join_timestamp: thread.thread.createdAt, flags: 0 });
}

export const threadRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/channels/:channelId/messages/:messageId/threads', handle: threadFromMessage },
  { method: 'POST', pattern: '/channels/:channelId/threads', handle: threadWithoutMessage },
  { method: 'PUT', pattern: '/channels/:channelId/thread-members/@me', handle: (core, r) => joinThread(core, r, true) },
  { method: 'DELETE', pattern: '/channels/:channelId/thread-members/@me', handle: (core, r) => joinThread(core, r, false) },
  { method: 'GET', pattern: '/channels/:channelId/thread-members/:userId', handle: getThreadMember },
];

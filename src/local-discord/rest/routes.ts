import { PermissionFlagsBits } from 'discord-api-types/v10';
import { channelPayload } from '../payloads.js';
import { requirePermissions } from '../services/access.js';
import { commandRoutes } from './routes-commands.js';
import { guildRoutes } from './routes-guilds.js';
import { interactionRoutes } from './routes-interactions.js';
import { messageRoutes } from './routes-messages.js';
import { metaRoutes } from './routes-meta.js';
import { threadRoutes } from './routes-threads.js';
import { webhookRoutes } from './routes-webhooks.js';
import { Router } from './router.js';
import { ok, param } from './types.js';
import type { RouteDef } from './types.js';

const channelRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/channels/:channelId',
    handle: (core, r) => {
      const channel = core.state.requireChannel(param(r, 'channelId'));
      if (channel.guildId) requirePermissions(core, channel, PermissionFlagsBits.ViewChannel);
      return ok(channelPayload(channel, (id) => core.state.users.get(id)));
    },
  },
];

/** Every REST route the emulator answers (the rest is 404 `{ message: "404: Not Found", code: 0 }`). */
export function createRouter(): Router {
  return new Router([...metaRoutes, ...commandRoutes, ...interactionRoutes, ...webhookRoutes, ...channelRoutes, ...messageRoutes, ...threadRoutes, ...guildRoutes]);
}

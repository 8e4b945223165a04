import { channelRoutes } from './routes-channels.js';
import { commandRoutes } from './routes-commands.js';
import { guildRoutes } from './routes-guilds.js';
import { interactionRoutes } from './routes-interactions.js';
import { messageRoutes } from './routes-messages.js';
import { metaRoutes } from './routes-meta.js';
import { threadRoutes } from './routes-threads.js';
import { webhookRoutes } from './routes-webhooks.js';
import { Router } from './router.js';
import type { RouteDef } from './types.js';

/** Every REST route the emulator answers (the rest is 404 `{ message: "404: Not Found", code: 0 }`). */
export const ROUTES: readonly RouteDef[] = [...metaRoutes, ...commandRoutes, ...interactionRoutes, ...webhookRoutes, ...channelRoutes, ...messageRoutes, ...threadRoutes, ...guildRoutes];

export function createRouter(): Router {
  return new Router(ROUTES);
}

import { z } from 'zod';
import { channelPayload, userPayload } from '../payloads.js';
import { dmChannelFor } from '../services/interaction-dispatch.js';
import { parseBody } from '../validation/form.js';
import { ok, param } from './types.js';
import type { RouteDef } from './types.js';
import type { Core } from '../core.js';

function gatewayUrl(core: Core): string {
  return core.gateway.url;
}

/** The application object of GET /applications/@me, with the fields Discord's spec requires. */
function application(core: Core): Record<string, unknown> {
  return {
    id: core.config.applicationId,
    name: core.config.botUsername,
    icon: null,
    description: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    flags_new: '0',
    integration_types_config: { '0': {} },
    bot: userPayload(core.bot),
    owner: userPayload(core.bot),
    team: null,
    tags: [],
    approximate_guild_count: [...core.state.guilds.values()].filter((g) => g.botPresent).length,
    approximate_user_install_count: 0,
    approximate_user_authorization_count: 0,
    explicit_content_filter: 0,
    eligible_oauth2_scopes: [],
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
  };
}

export const metaRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/gateway', auth: false, handle: (core) => ok({ url: gatewayUrl(core) }) },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    handle: (core) =>
      ok({
        url: gatewayUrl(core),
        shards: core.config.recommendedShards,
        session_start_limit: core.gateway.sessionStartLimit(),
      }),
  },
  { method: 'GET', pattern: '/users/@me', handle: (core) => ok({ ...userPayload(core.bot), bot: true, verified: true, mfa_enabled: false, locale: 'en-US', email: null }) },
  { method: 'GET', pattern: '/users/:userId', handle: (core, request) => ok(userPayload(core.state.requireUser(param(request, 'userId')))) },
  { method: 'GET', pattern: '/applications/@me', handle: (core) => ok(application(core)) },
  { method: 'GET', pattern: '/oauth2/applications/@me', handle: (core) => ok(application(core)) },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    handle: (core, request) => {
      const { recipient_id } = parseBody(z.object({ recipient_id: z.string() }).loose(), request.body);
      const user = core.state.requireUser(recipient_id);
      const channel = dmChannelFor(core, user.id);
      return ok(channelPayload(channel, (id) => core.state.users.get(id)));
    },
  },
];

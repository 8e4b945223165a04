import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  APIInteraction,
  GatewayChannelUpdateDispatchData,
  GatewayGuildMemberUpdateDispatchData,
  GatewayMessageCreateDispatchData,
  GatewayReadyDispatchData,
  GatewayThreadCreateDispatchData,
} from 'discord-api-types/v10';
import type { DispatchData, GatewayHub, ReadyData } from '../../src/local-discord/gateway/hub.js';

/** Never called: the type checker (npm run typecheck, part of CI) is what runs these lines. */
function offShapeDispatchesDoNotCompile(hub: GatewayHub): void {
  // @ts-expect-error GUILD_ROLE_DELETE needs role_id
  hub.dispatch('GUILD_ROLE_DELETE', { guild_id: '1' }, { guildId: '1' });
  // @ts-expect-error not an event Discord has
  hub.dispatch('MESSAGE_EDITED', {}, { guildId: null });
  // @ts-expect-error the payload without MessageContent is of the same event's type
  hub.dispatch('MESSAGE_DELETE', { id: '1', channel_id: '2' }, { guildId: null, withoutContent: { content: '' } });
}

describe('gateway dispatches are typed with discord-api-types', () => {
  it("GIVEN an event name THEN its data is discord-api-types' type for it, and READY only adds what Discord sends beyond it", () => {
    expectTypeOf<DispatchData<'MESSAGE_CREATE'>>().toEqualTypeOf<GatewayMessageCreateDispatchData>();
    expectTypeOf<DispatchData<'CHANNEL_UPDATE'>>().toEqualTypeOf<GatewayChannelUpdateDispatchData>();
    expectTypeOf<DispatchData<'THREAD_CREATE'>>().toEqualTypeOf<GatewayThreadCreateDispatchData>();
    expectTypeOf<DispatchData<'GUILD_MEMBER_UPDATE'>>().toEqualTypeOf<GatewayGuildMemberUpdateDispatchData>();
    expectTypeOf<DispatchData<'INTERACTION_CREATE'>>().toEqualTypeOf<APIInteraction>();
    expectTypeOf<ReadyData>().toExtend<GatewayReadyDispatchData>();
    expect(typeof offShapeDispatchesDoNotCompile).toBe('function');
  });

});

import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createModerationService, type Actor } from '../../src/moderation/service.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const ROLE = '400000000000000001';
const ADMIN = '300000000000000001';

const member = (overrides: Partial<Actor> = {}): Actor => ({ guildId: GUILD, userId: '300000000000000009', permissions: 0n, roleIds: [], ...overrides });

const postgres = usePostgres();

describe.each(sqlDialects(postgres))('moderation on %s', (_dialect, open) => {
  const service = async () => {
    const database = await open();
    const clock = new ManualClock('2025-01-15T08:00:00Z');
    return { database, clock, moderation: createModerationService({ database, clock }) };
  };

  it('GIVEN no moderator role THEN only the named permission makes a moderator', async () => {
    const { moderation } = await service();
    expect(await moderation.moderatorRoleId(GUILD)).toBeNull();
    expect(await moderation.isModerator(member({ roleIds: [ROLE] }), PermissionFlagsBits.ManageMessages)).toBe(false);
    expect(await moderation.isModerator(member({ permissions: PermissionFlagsBits.ManageMessages }), PermissionFlagsBits.ManageMessages)).toBe(true);
    expect(await moderation.isModerator(member({ permissions: PermissionFlagsBits.ManageMessages }), PermissionFlagsBits.ManageGuild)).toBe(false);
  });

  it("GIVEN a moderator role THEN its holders are moderators in that server only, and who set it when is recorded", async () => {
    const { database, moderation } = await service();
    await moderation.setModeratorRole(GUILD, ROLE, ADMIN);
    expect(await moderation.moderatorRoleId(GUILD)).toBe(ROLE);
    expect(await moderation.isModerator(member({ roleIds: [ROLE] }), PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(await moderation.isModerator(member({ guildId: OTHER_GUILD, roleIds: [ROLE] }), PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(await database.kysely.selectFrom('guild_settings').selectAll().execute()).toEqual([
      { guild_id: GUILD, moderator_role_id: ROLE, updated_by: ADMIN, updated_at: '2025-01-15T08:00:00.000Z' },
    ]);
  });

  it('GIVEN the role replaced, then cleared THEN the old holders stop being moderators at once', async () => {
    const { clock, moderation } = await service();
    await moderation.setModeratorRole(GUILD, ROLE, ADMIN);
    clock.advance(60_000);
    await moderation.setModeratorRole(GUILD, '400000000000000002', ADMIN);
    expect(await moderation.isModerator(member({ roleIds: [ROLE] }), PermissionFlagsBits.ManageMessages)).toBe(false);
    expect(await moderation.isModerator(member({ roleIds: ['400000000000000002'] }), PermissionFlagsBits.ManageMessages)).toBe(true);
    await moderation.setModeratorRole(GUILD, null, ADMIN);
    expect(await moderation.moderatorRoleId(GUILD)).toBeNull();
    expect(await moderation.isModerator(member({ roleIds: ['400000000000000002'] }), PermissionFlagsBits.ManageMessages)).toBe(false);
  });

  it('GIVEN two services on one database (two hosts) THEN a role set through one holds through the other at once', async () => {
    const { database, clock, moderation } = await service();
    const otherHost = createModerationService({ database, clock });
    await moderation.setModeratorRole(GUILD, ROLE, ADMIN);
    expect(await otherHost.isModerator(member({ roleIds: [ROLE] }), PermissionFlagsBits.ManageMessages)).toBe(true);
  });
});

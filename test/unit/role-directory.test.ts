import { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { RoleDirectory } from '../../src/discord/role-directory.js';

const GUILD = '100';
const BOT = '900';

/** What the directory reads of a client: its gateway dispatches, its user, its guilds. */
function directoryOnGateway() {
  const ws = new EventEmitter();
  const client = { ws, user: { id: BOT }, guilds: { cache: new Map() } } as unknown as Client;
  const directory = new RoleDirectory();
  directory.attach(client);
  const role = (id: string, name: string, mentionable = false, permissions = 0n) => ({ id, name, mentionable, permissions: permissions.toString() });
  ws.emit('GUILD_CREATE', {
    id: GUILD,
    roles: [role(GUILD, '@everyone', false, 1n << 10n), role('1', 'Moderators', false, 1n << 13n), role('2', 'Bot', false, 1n << 11n), role('3', 'Engineering', true, 1n << 40n)],
    members: [{ user: { id: BOT }, roles: ['2'] }],
  });
  const held = () => [...(directory.botStanding(GUILD)?.roleIds ?? [])];
  return { ws, directory, role, held };
}

describe('RoleDirectory', () => {
  it('GIVEN a server joined THEN it knows every role, and the bot’s permissions are @everyone’s and its roles’', () => {
    const { directory, held } = directoryOnGateway();
    expect(directory.role(GUILD, '1')).toEqual({ name: 'Moderators', mentionable: false, botHolds: false });
    expect(directory.role(GUILD, '3')).toEqual({ name: 'Engineering', mentionable: true, botHolds: false });
    expect(directory.role(GUILD, '4')).toBeUndefined();
    expect(directory.role('101', '1')).toBeUndefined();
    expect(held()).toEqual(['2']);
    expect(directory.botStanding(GUILD)?.permissions).toBe((1n << 10n) | (1n << 11n));
    expect(directory.botStanding('101')).toBeUndefined();
  });

  it('GIVEN roles created, updated and deleted, names with tabs and new lines THEN the one entry of each follows', () => {
    const { ws, directory, role } = directoryOnGateway();
    ws.emit('GUILD_ROLE_CREATE', { guild_id: GUILD, role: role('12', 'Tab\tand\nline', true) });
    ws.emit('GUILD_ROLE_UPDATE', { guild_id: GUILD, role: role('1', 'Mods') });
    ws.emit('GUILD_ROLE_UPDATE', { guild_id: GUILD, role: role('2', 'Renamed bot role', false, (1n << 11n) | (1n << 50n)) });
    ws.emit('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: '3' });
    expect(directory.role(GUILD, '12')).toEqual({ name: 'Tab and line', mentionable: true, botHolds: false });
    expect(directory.role(GUILD, '1')?.name).toBe('Mods');
    // A role id that another id ends or starts with is not mistaken for it.
    expect(directory.role(GUILD, '2')).toEqual({ name: 'Renamed bot role', mentionable: false, botHolds: true });
    expect(directory.role(GUILD, '3')).toBeUndefined();
    expect(directory.botStanding(GUILD)?.permissions).toBe((1n << 10n) | (1n << 11n) | (1n << 50n));
  });

  it('GIVEN the bot given and relieved of roles THEN which roles it holds follows its own member updates, not others’', () => {
    const { ws, directory, held } = directoryOnGateway();
    ws.emit('GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: '5' }, roles: ['1'] });
    expect(held()).toEqual(['2']);
    ws.emit('GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: ['1', '3'] });
    expect(held()).toEqual(['1', '3']);
    expect(directory.botStanding(GUILD)?.permissions).toBe((1n << 10n) | (1n << 13n) | (1n << 40n));
    expect(directory.role(GUILD, '3')).toEqual({ name: 'Engineering', mentionable: true, botHolds: true });
  });

  it('GIVEN the server left THEN its roles are forgotten', () => {
    const { ws, directory } = directoryOnGateway();
    ws.emit('GUILD_DELETE', { id: GUILD });
    expect(directory.role(GUILD, '1')).toBeUndefined();
  });
});

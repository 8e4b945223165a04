import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationCommandType, ContextMenuCommandBuilder, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { defineCommand, defineMessageCommand, type Command } from '../../src/discord/command.js';
import { commandProblems } from '../../src/discord/command-rules.js';
import { renderHelp } from '../../src/discord/help.js';
import { memberPermission } from '../../src/discord/preconditions.js';
import { CommandRegistry, loadCommandRegistry } from '../../src/discord/registry.js';
import { tempDir } from '../support/temp-dir.js';

const command = (name: string, description = 'A test command.'): Command =>
  defineCommand({ data: new SlashCommandBuilder().setName(name).setDescription(description), execute: async () => {} });

const menu = (name: string) =>
  defineMessageCommand({ data: new ContextMenuCommandBuilder().setName(name).setType(ApplicationCommandType.Message), execute: async () => {} });

describe('CommandRegistry', () => {
  it('GIVEN message commands beside slash commands THEN routes them by name and deploys them after the slash commands, as type 3', () => {
    const registry = new CommandRegistry([menu('Mark as answer'), command('ask')]);
    expect(registry.message('Mark as answer')?.data.name).toBe('Mark as answer');
    expect(registry.get('Mark as answer')).toBeUndefined();
    expect(registry.toJSON().map((json) => json.name)).toEqual(['ask']);
    expect(registry.deployJSON().map((json) => [json.name, json.type])).toEqual([['ask', 1], ['Mark as answer', ApplicationCommandType.Message]]);
  });

  it('GIVEN a sixth message command, a duplicate or a name Discord refuses THEN refuses to start', () => {
    expect(() => new CommandRegistry(['A', 'B', 'C', 'D', 'E', 'F'].map((name) => menu(`Menu ${name}`)))).toThrow(/at most 5 message commands/);
    expect(() => new CommandRegistry([menu('Mark as answer'), menu('Mark as answer')])).toThrow(/Two command modules define the message command/);
    const bad = menu('Mark as answer');
    expect(() => new CommandRegistry([{ ...bad, data: { name: 'Mark!', toJSON: () => ({ ...bad.data.toJSON(), name: 'Mark!' }) } }])).toThrow(/context-menu name/);
  });

  it('GIVEN two modules with the same name THEN refuses to start', () => {
    expect(() => new CommandRegistry([command('ask'), command('ask')])).toThrow(/Two command modules define \/ask/);
  });

  it('GIVEN a definition Discord would refuse THEN refuses it at start', () => {
    const tooLong = { name: 'long', toJSON: () => ({ ...command('long').data.toJSON(), description: 'x'.repeat(101) }) };
    expect(() => new CommandRegistry([{ ...command('long'), data: tooLong }])).toThrow(/description must be 1–100/);
  });

  it('GIVEN the shipped commands/ folder THEN loads every module and each passes Discord\'s rules', async () => {
    const registry = await loadCommandRegistry();
    const names = registry.all().map((entry) => entry.data.name);
    expect(names).toContain('help');
    for (const json of registry.toJSON()) {
      expect(commandProblems(json), `/${json.name}`).toEqual([]);
      expect(json.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(json.name).toBe(json.name.toLowerCase());
    }
  });

  it('GIVEN default member permissions without a declared member precondition THEN refuses to start', () => {
    const data = new SlashCommandBuilder()
      .setName('tips')
      .setDescription('Tips.')
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((sub) => sub.setName('status').setDescription('Status.'))
      .addSubcommand((sub) => sub.setName('pause').setDescription('Pause.'));
    const only = (requires: Command['requires']) => () => new CommandRegistry([{ ...command('tips'), data, ...(requires ? { requires } : {}) }]);
    expect(only(undefined)).toThrow(/\/tips: has default member permissions but no member precondition/);
    expect(only({ subcommands: { pause: [memberPermission(PermissionFlagsBits.ManageGuild)] } })).toThrow(/no member precondition/);
    expect(only({ all: [memberPermission(PermissionFlagsBits.ManageGuild)] })).not.toThrow();
  });

  it('GIVEN preconditions for a subcommand the command lacks THEN refuses to start', () => {
    const requires = { subcommands: { stauts: [memberPermission(PermissionFlagsBits.ManageGuild)] } };
    expect(() => new CommandRegistry([{ ...command('tips'), requires }])).toThrow(/requires.subcommands names "stauts"/);
  });

  it('GIVEN a module without execute THEN names the file', async () => {
    const dir = tempDir('commands-');
    writeFileSync(join(dir, 'broken.js'), 'export default { data: { name: "broken" } };');
    await expect(loadCommandRegistry(dir)).rejects.toThrow(/commands\/broken\.js must default-export/);
  });
});

describe('commandProblems', () => {
  const base = { name: 'x', description: 'd', type: 1 as const };

  it('GIVEN upper-case or over-long names THEN reports them', () => {
    expect(commandProblems({ ...base, name: 'Ask' })).toHaveLength(1);
    expect(commandProblems({ ...base, name: 'a'.repeat(33) })).toHaveLength(1);
  });

  it('GIVEN more than 25 options or choices THEN reports them', () => {
    const options = Array.from({ length: 26 }, (_, index) => ({ type: 3 as const, name: `o${index}`, description: 'd' }));
    expect(commandProblems({ ...base, options })).toContain('x: at most 25 options (has 26)');
    const choices = Array.from({ length: 26 }, (_, index) => ({ name: `c${index}`, value: `${index}` }));
    expect(commandProblems({ ...base, options: [{ type: 3, name: 'o', description: 'd', choices }] })).toContain('x o: at most 25 choices');
  });

  it('GIVEN a required option after an optional one THEN reports the order', () => {
    const options = [
      { type: 3 as const, name: 'a', description: 'd' },
      { type: 3 as const, name: 'b', description: 'd', required: true },
    ];
    expect(commandProblems({ ...base, options })).toContain('x b: required options must come before optional ones');
  });
});

describe('renderHelp', () => {
  it('GIVEN commands with subcommands THEN lists every command and subcommand with its description', async () => {
    const tips = new SlashCommandBuilder()
      .setName('tips')
      .setDescription('Daily tips.')
      .addSubcommand((sub) => sub.setName('status').setDescription('Show the schedule.'))
      .addSubcommand((sub) => sub.setName('pause').setDescription('Pause the schedule.'));
    const registry = new CommandRegistry([command('help', 'List commands.'), { ...command('tips'), data: tips }]);
    const embed = renderHelp(registry.toJSON());
    expect(embed.description).toContain('**/help** — List commands.');
    expect(embed.description).toContain('**/tips status** — Show the schedule.');
    expect(embed.description).toContain('**/tips pause** — Pause the schedule.');
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.fields).toBeUndefined();
  });

  it('GIVEN message commands THEN they are listed under Apps, by the names members see there', () => {
    const embed = renderHelp([], ['Mark as answer', 'Track as a question']);
    expect(embed.fields).toEqual([{ name: 'On a message: right-click (or long-press) → Apps', value: '**Mark as answer** · **Track as a question**' }]);
  });
});

import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/discord/command.js';
import { narrowContext, type CommandContext } from '../../src/discord/command-context.js';
import { moderator } from '../../src/discord/preconditions.js';

describe('narrowContext', () => {
  const full = { tips: { name: 'tips' }, qa: { name: 'qa' }, moderation: { name: 'moderation' }, config: { name: 'config' } } as unknown as CommandContext;

  it('GIVEN the keys a command declared THEN hands over those and nothing else, unchangeable', () => {
    const narrow = narrowContext(full, ['tips', 'moderation']);
    expect(Object.keys(narrow).sort()).toEqual(['moderation', 'tips']);
    expect(narrow.tips).toBe(full.tips);
    expect(Object.isFrozen(narrow)).toBe(true);
  });

  it('GIVEN a command that declares nothing THEN its handlers get an empty context', () => {
    expect(narrowContext(full, [])).toEqual({});
  });
});

describe('defineCommand', () => {
  it('GIVEN a handler or precondition reaching for a service its command did not declare THEN it does not compile', () => {
    const command = defineCommand({
      data: new SlashCommandBuilder().setName('typed').setDescription('Type test.'),
      uses: ['tips'],
      requires: {
        // @ts-expect-error moderator() reads the moderation service, which this command did not declare
        all: [moderator(PermissionFlagsBits.ManageGuild)],
      },
      async execute(_interaction, context) {
        // @ts-expect-error qa was not declared in uses
        return [context.tips, context.qa];
      },
    });
    expect(command.uses).toEqual(['tips']);
  });
});

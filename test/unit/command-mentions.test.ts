import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { loadCommandRegistry } from '../../src/discord/registry.js';

/** Where the bot's own words live: replies, hints, help, content. The emulator and bench speak of no bot command. */
const SOURCES = ['commands', 'src', 'data'];
const SKIPPED = ['src/local-discord', 'src/db/migrations', 'src/sandbox/command-line.ts', 'src/ops'];

function files(folder: string): string[] {
  return readdirSync(join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((file) => join(folder, file))
    .filter((file) => /\.(ts|ya?ml|json|md)$/.test(file) && !SKIPPED.some((skipped) => file.startsWith(skipped)));
}

/** Code comments speak to developers, not members: blanked, keeping line numbers. */
function withoutComments(source: string, file: string): string {
  if (!file.endsWith('.ts')) return source;
  return source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
}

/** Every `/command sub option: …` the bot writes in a code span, with where it is written. */
function mentions(): { where: string; text: string }[] {
  return SOURCES.flatMap(files).flatMap((file) => {
    const source = withoutComments(readFileSync(join(PROJECT_ROOT, file), 'utf8'), file);
    // In a template literal the code span's backticks are escaped: \`/tips setup\`. A name followed by
    // another character is a path (the site's `/c/<slug>/`), not a command.
    return [...source.matchAll(/`\/([a-z][a-z-]*)(?=[\s`\\])([^`\n]*?)\\?`/g)].flatMap((match) =>
      // `/announce post|schedule` names two subcommands.
      (match[2] ?? '').split('|').map((rest, index) => ({
        where: `${relative(PROJECT_ROOT, join(PROJECT_ROOT, file))}:${source.slice(0, match.index).split('\n').length}`,
        text: index === 0 ? `/${match[1]}${rest}` : `/${match[1]} ${rest}`,
      })),
    );
  });
}

type Option = APIApplicationCommandOption;
const isGroup = (option: Option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup;

/** What is wrong with a mention of a command, or null when Discord would run it as written. */
function problem(text: string, commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): string | null {
  const [name = '', ...words] = text.slice(1).split(/\s+/);
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) return `no command /${name}`;
  let options: readonly Option[] = command.options ?? [];
  const path = [name];
  for (const word of words) {
    // Options start, a placeholder, or the rest of a sentence such as `/ask` … : nothing more to check here.
    if (word.includes(':') || word.includes('${') || /^[[<…|(]/.test(word) || word === '') break;
    const nested = options.find((option) => option.name === word && isGroup(option));
    if (!nested) return options.some(isGroup) ? `/${path.join(' ')} has no subcommand "${word}"` : `/${path.join(' ')} takes options (name: value), not "${word}"`;
    path.push(word);
    options = 'options' in nested ? (nested.options ?? []) : [];
  }
  for (const [, option = ''] of text.matchAll(/(?:^|\s)([a-z][a-z_-]*):/g)) {
    if (!options.some((candidate) => candidate.name === option && !isGroup(candidate))) return `/${path.join(' ')} has no option "${option}:"`;
  }
  return null;
}

describe('commands the bot mentions in its own words', () => {
  it('GIVEN every `/command …` in replies, hints, help and content THEN each names a registered command, subcommand and options', async () => {
    const commands = (await loadCommandRegistry()).toJSON() as RESTPostAPIChatInputApplicationCommandsJSONBody[];
    const found = mentions();
    expect(found.length).toBeGreaterThan(50);
    const wrong = found.flatMap(({ where, text }) => {
      const why = problem(text, commands);
      return why ? [`${where}: \`${text}\` — ${why}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('GIVEN a hint with a subcommand that does not exist THEN the check catches it', async () => {
    const commands = (await loadCommandRegistry()).toJSON() as RESTPostAPIChatInputApplicationCommandsJSONBody[];
    expect(problem('/qa notify off', commands)).toBe('/qa notify takes options (name: value), not "off"');
    expect(problem('/qa notify mode: off', commands)).toBeNull();
    expect(problem('/tips setup zone: UTC', commands)).toBe('/tips setup has no option "zone:"');
    expect(problem('/nope', commands)).toBe('no command /nope');
  });
});

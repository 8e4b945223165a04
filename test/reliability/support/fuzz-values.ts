import { ApplicationCommandOptionType as O, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { pick } from '../../../bench/support/random.js';
import type { OptionValue } from '../../../src/local-discord/index.js';

/** Ids that exist somewhere in the emulator, so generated mentions and options point at real things. */
export interface KnownIds {
  readonly users: readonly string[];
  readonly roles: readonly string[];
  readonly channels: readonly string[];
  /** Numbers the bot uses in its custom_ids (question numbers, answer, draft and announcement ids), of both servers. */
  readonly numbers: readonly number[];
}

type Random = () => number;

const LONG = 6_000;

/** Pieces of hostile or odd text, each one family of what members (or crafted clients) send. */
const FAMILIES: Record<string, (random: Random, ids: KnownIds) => string> = {
  empty: () => '',
  blank: (random) => pick(random, [' ', '   ', '\n\n\n', '\t', '\u3000', '\u00a0\u00a0']),
  long: (random) => pick(random, ['a', 'why ', 'é', '🦀', '\u200b', '<@&1> ', '\n'])
    .repeat(LONG)
    .slice(0, LONG),
  control: (random) => pick(random, ['\u0000', '\u0001\u0002\u0003', '\u0007\b\f\v', '\u001b[31mred\u001b[0m', '\r\n\r', '\u007f', '\ud800', '\udfff\ud800']),
  rtl: (random) => pick(random, ['\u202eevil.exe\u202c', 'مرحبا بالمدير التقني', 'שלום CTO', '\u200f\u200e', '\u2067isolate\u2069', '\u202b\u202a\u202d']),
  zeroWidth: (random) => pick(random, ['\u200b', 'cto\u200bmentor', '\u200c\u200d', '\ufeff', '\u2060\u2061', '@\u200beveryone', '<\u200b@&1>']),
  emoji: (random) => pick(random, ['🚀', '👩🏽‍💻', '🏳️‍🌈', '🇫🇷', '❤️‍🔥', '🤷‍♂️', '<:custom:123456789012345678>', '<a:anim:123456789012345678>', ':thumbsup:']),
  everyone: (random) => pick(random, ['@everyone', '@here', '@everyone @here', '＠everyone', '@Everyone', '`@everyone`', '**@here**']),
  mention: (random, ids) => {
    const user = ids.users.length > 0 ? pick(random, ids.users) : '1';
    const role = ids.roles.length > 0 ? pick(random, ids.roles) : '1';
    const channel = ids.channels.length > 0 ? pick(random, ids.channels) : '1';
    return pick(random, [`<@${user}>`, `<@!${user}>`, `<@&${role}>`, `<#${channel}>`, `<@${user}><@&${role}>`, `</ask:1>`, `<t:0:R>`, '<@0>', '<@&>']);
  },
  markdown: (random) =>
    pick(random, ['**bold**', '__under__', '||spoiler||', '```js\nalert(1)\n```', '`code', '> quote', '# Heading', '-# small', '[link](https://example.com)', '~~x~~', '*', '\\', '```']),
  sql: (random) =>
    pick(random, ["'; DROP TABLE qa_questions; --", '" OR 1=1 --', "' OR ''='", 'NEAR(hiring budget)', '"unterminated', 'a OR b AND NOT c', '*', '^start', 'text:foo', '%_%', 'NULL', '); --', '(((', 'AND', '"', 'hiring*']),
  snowflake: (random) =>
    pick(random, ['0', '-1', '1', '18446744073709551616', '9'.repeat(25), '１２３', '1e3', ' 123 ', '0x1f', '12345678901234567', '00000000000000000001', '1.5', 'NaN', '-0']),
  time: (random) => pick(random, ['25:61', '9', '09:00', '24:00', '23:59:59', '-1:00', '９:００', '12:00 PM', 'noon']),
  date: (random) => pick(random, ['2025-02-30 10:00', '9999-12-31 23:59', '1970-01-01 00:00', 'tomorrow', '2025-13-01 00:00', '0000-00-00 00:00', '2099-01-01 09:00']),
  zone: (random) => pick(random, ['Europe/London', 'Mars/Olympus', 'UTC+14', '../../etc/passwd', 'Etc/GMT-14', 'america/new_york', 'UTC', '']),
  words: (random) =>
    pick(random, ['how do I hire my first engineer', 'what does a CTO do', 'technical debt', 'on-call rota', 'board meeting', 'layoffs', 'remote team', 'budget', 'hiring']),
  url: (random) => pick(random, ['https://discord.gg/invite', 'javascript:alert(1)', 'http://127.0.0.1:1/', 'file:///etc/passwd']),
};

const FAMILY_NAMES = Object.keys(FAMILIES);

/** Hostile text: one to three families joined, sometimes cut to a random length (the cut may split a surrogate pair). */
export function fuzzText(random: Random, ids: KnownIds): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (FAMILIES[pick(random, FAMILY_NAMES)] ?? (() => ''))(random, ids));
  const text = parts.join(pick(random, ['', ' ', '\n']));
  return random() < 0.15 ? text.slice(0, Math.floor(random() * (text.length + 1))) : text;
}

/** Numbers a client could put in an integer option or a custom_id: real ids, edges and nonsense. */
export function fuzzNumber(random: Random, ids: KnownIds): number {
  if (ids.numbers.length > 0 && random() < 0.4) return pick(random, ids.numbers);
  return pick(random, [0, -1, 1, 2, 3, 7, 100, 2 ** 31, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -(2 ** 53), 1.5, 1e21, -0.0001, 999_999_999, 1_000_000_000]);
}

/** A part of a custom_id argument: valid-looking ids of both servers, edges, junk. */
export function fuzzIdPart(random: Random, ids: KnownIds): string {
  if (random() < 0.4) return String(fuzzNumber(random, ids));
  return pick(random, ['', '0', '-1', 'abc', '1e3', '1.5', '９', '-', '_', '.', '..', 'q1', 'kb.x', 'all', 'votes', '9'.repeat(30), 'none', 'null', 'undefined', '00001']);
}

/** Values a select menu could carry: known shapes (`q<number>`, `kb.<id>`), ids, and text. */
export function fuzzSelectValues(random: Random, ids: KnownIds, known: readonly string[]): string[] {
  const count = Math.floor(random() * 3) + (random() < 0.1 ? 0 : 1);
  return Array.from({ length: count }, () => {
    const roll = random();
    if (roll < 0.3 && known.length > 0) return pick(random, known);
    if (roll < 0.5) return `q${fuzzIdPart(random, ids)}`;
    if (roll < 0.6) return `kb.${fuzzText(random, ids).slice(0, 90)}`;
    if (roll < 0.8) return fuzzIdPart(random, ids);
    return fuzzText(random, ids).slice(0, 100);
  });
}

/**
 * A value for a command option: mostly of its type (hostile text, edge numbers, real entities of either
 * server, a channel of a type the option excludes), sometimes a valid choice, sometimes of another type.
 */
export function fuzzOptionValue(option: APIApplicationCommandBasicOption, random: Random, ids: KnownIds): OptionValue {
  const choices = 'choices' in option && option.choices ? option.choices.map((choice) => choice.value) : [];
  const roll = random();
  switch (option.type) {
    case O.String:
      if (choices.length > 0 && roll < 0.4) return pick(random, choices);
      if (roll < 0.06) return fuzzNumber(random, ids);
      if (roll < 0.08) return random() < 0.5;
      return fuzzText(random, ids);
    case O.Integer:
    case O.Number:
      if (choices.length > 0 && roll < 0.4) return pick(random, choices);
      if (roll < 0.1) return fuzzText(random, ids);
      if (roll < 0.13) return random() < 0.5;
      return fuzzNumber(random, ids);
    case O.Boolean:
      if (roll < 0.1) return pick(random, ['true', 'false', '']);
      if (roll < 0.15) return pick(random, [0, 1]);
      return random() < 0.5;
    case O.User:
      return pick(random, ids.users);
    case O.Role:
      return pick(random, ids.roles);
    case O.Mentionable:
      return random() < 0.5 ? pick(random, ids.users) : pick(random, ids.roles);
    case O.Channel:
      return pick(random, ids.channels);
    case O.Attachment:
      return { filename: random() < 0.5 ? 'notes.csv' : fuzzText(random, ids).slice(0, 200) || 'x', data: fuzzText(random, ids), contentType: pick(random, ['text/csv', 'application/json', 'image/png', '']) };
    default:
      return fuzzText(random, ids);
  }
}

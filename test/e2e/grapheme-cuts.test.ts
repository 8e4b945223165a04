import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { askQuestion, questionMessage, visible, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

const FAMILY = '👩‍👩‍👧‍👦';
/** Two letters, then families of 11 UTF-16 units each: every cut the bot makes falls inside one unless it counts graphemes. */
const QUESTION = `Qx${FAMILY.repeat(30)}`;

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Pieces of a family (a lone surrogate, half a ZWJ sequence) the text shows: a cut inside a grapheme. */
function brokenFamilies(text: string): string[] {
  const familyUnits = new Set(FAMILY.split(''));
  return [...GRAPHEMES.segment(text)].map(({ segment }) => segment).filter((segment) => segment !== FAMILY && segment.split('').some((unit) => familyUnits.has(unit)));
}

/** Everything a message shows as text. */
function shownText(message: LoggedMessage): string {
  const rows = (message.components ?? []) as readonly { components?: readonly { label?: string; options?: readonly { label: string; description?: string }[] }[] }[];
  const components = rows.flatMap((row) => row.components ?? []).flatMap((component) => [component.label ?? '', ...(component.options ?? []).flatMap((option) => [option.label, option.description ?? ''])]);
  return [message.content, ...message.embeds.flatMap((embed) => [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])]), ...components].join('\n');
}

/** Where member text is cut to fit (thread names, lists, menus, profile, digest), a reader sees whole characters only. */
describe('cutting member text', () => {
  let t: TestBot;
  let sam: Where;
  const clock = new ManualClock('2026-03-15T08:00:00Z');

  beforeAll(async () => {
    t = await startTestBot({ clock });
    sam = at(t.world, 'general', 'member');
    const moderator = at(t.world, 'general', 'moderator');
    await t.discord.invoke('/qa setup', { channel: t.world.channelIds.get('questions') ?? '', digest: t.world.channelIds.get('general') ?? '' }, moderator);
    await askQuestion(t, QUESTION, sam);
    await questionMessage(t, t.world.channelIds.get('questions') ?? '', 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("GIVEN a question of emoji THEN its thread's name ends on a whole emoji", async () => {
    const threads = (await t.discord.channels(t.world.guild.id)).filter((channel) => 'name' in channel && channel.name?.startsWith('#1 ·'));
    expect(threads).toHaveLength(1);
    const name = threads[0] && 'name' in threads[0] ? (threads[0].name ?? '') : '';
    expect(name.endsWith('…')).toBe(true);
    expect(brokenFamilies(name)).toEqual([]);
  });

  it.each([
    ['/questions list', {}],
    ['/questions search', { query: 'Qx' + FAMILY }],
    ['/profile', {}],
  ] as const)('GIVEN a question of emoji THEN %s shows whole emoji only', async (command, options) => {
    const shown = visible(await t.discord.invoke(command, options, sam)).map(shownText).join('\n');
    expect(shown).toContain(FAMILY);
    expect(brokenFamilies(shown)).toEqual([]);
  });

  it('GIVEN a question of emoji THEN the weekly digest shows whole emoji only', async () => {
    clock.set(new Date('2026-03-16T09:00:00Z'));
    await t.bot.context.qa.background.tick();
    const digest = (await t.discord.messages(t.world.channelIds.get('general') ?? '')).filter((message) => message.embeds[0]?.title === 'This week in Community Q&A');
    expect(digest).toHaveLength(1);
    const shown = digest.map(shownText).join('\n');
    expect(shown).toContain(FAMILY);
    expect(brokenFamilies(shown)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { runSuggestions, suggestionsReport, suggestionsText } from '../../src/knowledge/suggestions.js';
import { createTestKnowledge } from '../support/knowledge.js';
import { tempDir } from '../support/temp-dir.js';

const A = '100000000000000001';
const B = '200000000000000002';
const MOD = '300000000000000003';
const member = (n: number) => `40000000000000000${n}`;
const JARGON = 'how do we run our kaizen huddle';

describe('npm run kb -- suggestions', () => {
  it('GIVEN misses and a vote in two servers THEN one report groups them across servers, with how moderators dealt with them and no member or server ids', async () => {
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const { db, knowledge } = createTestKnowledge(clock);
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    await knowledge.ask('How do we run our Kaizen huddle?', { guildId: B, userId: member(2) });
    await knowledge.ask('running the kaizen huddle', { guildId: B, userId: member(3) });
    await knowledge.ask('who waters the office ficus', { guildId: A, userId: member(1) });
    const asked = await knowledge.ask('how do I hire senior engineers?', { guildId: A, userId: member(1) });
    await knowledge.recordFeedback(asked.answer?.entry.id ?? '', { guildId: A, userId: member(1) }, false, asked.questionId);
    await knowledge.review.addAlias(A, (await knowledge.review.groups(A)).find((group) => group.wordings[0]?.text === JARGON)?.id ?? 0, 'managing-managers', MOD);
    await knowledge.review.addAlias(B, (await knowledge.review.groups(B))[0]?.id ?? 0, 'managing-managers', MOD);

    const report = await suggestionsReport(db, { now: clock.now() });
    expect(report.servers).toBe(2);
    const [huddle, ...rest] = report.groups;
    expect(huddle).toMatchObject({ asked: 3, misses: 3, servers: 2, members: 3, resolved: { open: 0, alias: 3, entry: 0, dismissed: 0 } });
    expect(huddle?.wordings.map((wording) => wording.text)).toEqual(['How do we run our Kaizen huddle?', 'running the kaizen huddle']);
    expect(rest.map((group) => [group.wordings[0]?.text, group.unhelpful, group.votedDown])).toEqual(
      expect.arrayContaining([
        ['who waters the office ficus', 0, []],
        ['how do I hire senior engineers?', 1, [asked.answer?.entry.id]],
      ]),
    );
    // The same words mapped to the same entry in two servers: one suggestion, counted twice.
    expect(report.aliases).toContainEqual({ wording: expect.stringMatching(/kaizen huddle/i), entryId: 'managing-managers', title: expect.any(String), servers: 2 });
    const json = JSON.stringify(report);
    for (const id of [A, B, MOD, member(1), member(2)]) expect(json).not.toContain(id);

    const text = suggestionsText(report);
    expect(text).toContain('3 groups from 2 servers');
    expect(text).toContain('   3×  "How do we run our Kaizen huddle?" (+1 other wording)');
    expect(text).toContain('moderators: 3 aliased');
    expect(text).toMatch(/"how do we run our kaizen huddle" → managing-managers \(2 servers\)/i);
  });

  it('GIVEN --since THEN only signals of those days are read', async () => {
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const { db, knowledge } = createTestKnowledge(clock);
    await knowledge.ask('who waters the office ficus', { guildId: A, userId: member(1) });
    clock.set('2026-03-20T12:00:00Z');
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    expect((await suggestionsReport(db, { now: clock.now(), sinceDays: 7 })).groups.map((group) => group.wordings[0]?.text)).toEqual([JARGON]);
    expect((await suggestionsReport(db, { now: clock.now() })).groups).toHaveLength(2);
  });

  it('GIVEN the bot database file THEN --json prints the report; a bad flag or a missing file is a clear error', async () => {
    const path = join(tempDir('kb-suggestions-'), 'bot.db');
    const db = openDatabase(path);
    migrate(db);
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    await createKnowledgeService({ db, clock, logger: silentLogger }).ask(JARGON, { guildId: A, userId: member(1) });
    db.close();
    let written = '';
    const out = { write: (chunk: string) => ((written += chunk), true) };
    expect(await runSuggestions(['--json'], () => path, out, clock)).toBe(0);
    expect(JSON.parse(written)).toMatchObject({ generatedAt: '2026-03-01T12:00:00.000Z', servers: 1, groups: [{ asked: 1, misses: 1 }] });
    written = '';
    expect(await runSuggestions(['--since', 'soon'], () => path, out, clock)).toBe(2);
    expect(written).toContain('--since and --limit take a whole number');
    written = '';
    expect(await runSuggestions(['--db', join(tempDir('kb-suggestions-'), 'none.db')], () => path, out, clock)).toBe(1);
    expect(written).toContain('There is no database at');
  });
});

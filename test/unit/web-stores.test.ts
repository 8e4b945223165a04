import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/db/sql/dialect.js';
import { createArchiveStore } from '../../src/web/archive-store.js';
import { createSiteStore } from '../../src/web/site-store.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const GUILD = '110000000000000001';
const OTHER_GUILD = '110000000000000002';
const MODERATOR = '310000000000000001';
const AT = '2026-03-10T08:00:00.000Z';
const LATER = '2026-03-10T09:00:00.000Z';

/** Rows as Q&A and /qa promote leave them (written directly: Q&A's own store is not the subject here). */
function seeder(database: SqlDatabase) {
  const db = database.kysely;
  let answers = 0;
  return {
    async question(number: number, options: { answered?: boolean; deleted?: boolean; guildId?: string; promoted?: string } = {}): Promise<number> {
      const { id } = await db
        .insertInto('qa_questions')
        .values({
          guild_id: options.guildId ?? GUILD,
          number,
          asker_id: '320000000000000001',
          text: `Question ${number}?`,
          publication: 'posted',
          channel_id: '210000000000000001',
          channel_kind: 'text',
          promoted_entry_id: options.promoted ?? null,
          deleted_at: options.deleted ? LATER : null,
          created_at: AT,
          updated_at: AT,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (options.answered ?? true) {
        answers += 1;
        const answer = await db
          .insertInto('qa_answers')
          .values({ guild_id: options.guildId ?? GUILD, question_id: id, author_id: '330000000000000001', text: `Answer to ${number}.`, number: 1, created_at: AT })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.updateTable('qa_questions').set({ status: 'answered', accepted_answer_id: answer.id, accepted_at: LATER }).where('id', '=', id).execute();
      }
      return id;
    },
    async vote(target: 'question' | 'answer', targetId: number, voters: number): Promise<void> {
      for (let voter = 0; voter < voters; voter += 1) {
        await db.insertInto('qa_votes').values({ guild_id: GUILD, target, target_id: targetId, user_id: String(340000000000000000n + BigInt(voter)), created_at: AT }).execute();
      }
    },
    async entry(id: string, createdAt = AT): Promise<void> {
      await db.insertInto('kb_entries').values({ id, guild_id: GUILD, title: `Entry ${id}`, summary: 'Summary.', body: 'Body.', created_at: createdAt }).execute();
    },
    async asked(entryId: string, times: number): Promise<void> {
      for (let time = 0; time < times; time += 1) {
        await db.insertInto('kb_questions').values({ guild_id: GUILD, user_id: MODERATOR, question: 'How?', entry_id: entryId, created_at: AT }).execute();
      }
    },
    answers: () => answers,
  };
}

const postgres = usePostgres();

// The same tests on both databases the stores speak (docs/postgres.md).
describe.each(sqlDialects(postgres))('the site stores on %s', (_dialect, open) => {
  it('GIVEN answered, open, deleted and excluded questions THEN only answered ones not deleted nor excluded are published, with their votes as numbers, in keyset pages', async () => {
    const database = await open();
    const seed = seeder(database);
    const archive = createArchiveStore(database);
    const sites = createSiteStore(database);
    const first = await seed.question(1);
    await seed.question(2, { answered: false });
    await seed.question(3, { deleted: true });
    await seed.question(4);
    await seed.question(5);
    await seed.question(1, { guildId: OTHER_GUILD });
    await seed.vote('question', first, 3);
    expect(await sites.exclude(GUILD, 'question', '4', MODERATOR, AT)).toBe(true);
    expect(await sites.exclude(GUILD, 'question', '4', MODERATOR, AT)).toBe(false);

    expect(await archive.question(GUILD, 1)).toMatchObject({ number: 1, status: 'answered', published: true, anonymous: false, votes: 3, updatedAt: LATER });
    expect(await archive.question(GUILD, 2)).toMatchObject({ published: false, votes: 0, updatedAt: AT });
    expect((await archive.question(GUILD, 4))?.published).toBe(false);
    expect((await archive.before(GUILD, null, 10)).map((line) => line.number)).toEqual([5, 1]);
    expect(await archive.after(GUILD, 1, 10)).toEqual([{ number: 5, text: 'Question 5?', updatedAt: LATER, votes: 0 }]);
    expect((await archive.sitemapQuestions(GUILD, 1, 4)).map((line) => line.number)).toEqual([1]);
    expect(await archive.lastNumber(GUILD)).toBe(5);
    expect(await archive.lastNumber('110000000000000009')).toBe(0);
    expect(await archive.counts(GUILD)).toEqual({ questions: 2, entries: 0 });
    expect(await archive.voteRanking(GUILD, 5)).toEqual([{ id: first, votes: 3 }]);
    expect((await archive.publishedIn(GUILD, [first, first + 1, first + 3])).map((line) => line.number)).toEqual([1]);
    expect(await archive.publishedIn(GUILD, [])).toEqual([]);
    expect(await archive.answers(GUILD, first)).toEqual([expect.objectContaining({ number: 1, text: 'Answer to 1.', votes: 0, editedAt: null })]);

    expect(await sites.include(GUILD, 'question', '4')).toBe(true);
    expect((await archive.before(GUILD, null, 10)).map((line) => line.number)).toEqual([5, 4, 1]);
  });

  it('GIVEN a promoted entry and one named freely THEN entries carry their source question, and an excluded one leaves the site', async () => {
    const database = await open();
    const seed = seeder(database);
    const archive = createArchiveStore(database);
    const sites = createSiteStore(database);
    await seed.question(7, { promoted: 'community-7' });
    await seed.entry('community-7');
    // Not a number after the prefix: PostgreSQL refuses to cast that, so the store checks the form first.
    await seed.entry('community-notes', LATER);
    await seed.entry('onboarding', LATER);
    await seed.asked('onboarding', 2);
    await seed.asked('community-7', 1);

    expect(await archive.entry(GUILD, 'community-7')).toMatchObject({ id: 'community-7', sourceQuestion: 'Question 7?', tags: '[]', authorId: null, createdAt: AT });
    expect(await archive.entry(GUILD, 'community-notes')).toMatchObject({ sourceQuestion: null });
    expect(await archive.entry(OTHER_GUILD, 'community-7')).toBeUndefined();
    expect(await archive.promotedFrom(GUILD, 'community-7')).toMatchObject({ number: 7, published: true });
    expect(await archive.promotedFrom(GUILD, 'onboarding')).toBeUndefined();
    expect(await archive.askRanking(GUILD, 5)).toEqual([{ id: 'onboarding', asks: 2 }, { id: 'community-7', asks: 1 }]);
    expect((await archive.newestEntries(GUILD, 5)).map((entry) => entry.id)).toEqual(['community-notes', 'onboarding', 'community-7']);
    expect((await archive.entriesIn(GUILD, ['onboarding', 'missing'])).map((entry) => entry.id)).toEqual(['onboarding']);
    expect((await archive.sitemapEntries(GUILD, 10)).map((entry) => entry.id)).toEqual(['community-7', 'community-notes', 'onboarding']);

    await sites.exclude(GUILD, 'entry', 'onboarding', MODERATOR, LATER);
    expect(await archive.entry(GUILD, 'onboarding')).toBeUndefined();
    expect(await sites.excludedAt(GUILD, 'entry', 'onboarding')).toBe(LATER);
    expect(await archive.counts(GUILD)).toEqual({ questions: 1, entries: 2 });
    expect(await sites.exclusions(GUILD)).toEqual([{ kind: 'entry', target: 'onboarding' }]);
  });

  it('GIVEN sites saved and names chosen THEN paths, switches and public names read back as saved', async () => {
    const database = await open();
    const sites = createSiteStore(database);
    await sites.save({ guildId: GUILD, slug: 'cto-community', title: 'CTO Community', enabled: true }, MODERATOR, AT);
    await sites.save({ guildId: OTHER_GUILD, slug: 'another', title: 'Another', enabled: false }, MODERATOR, AT);
    expect(await sites.bySlug('cto-community')).toEqual({ guildId: GUILD, slug: 'cto-community', title: 'CTO Community', enabled: true, changedAt: AT });
    expect((await sites.enabledSites()).map((site) => site.slug)).toEqual(['cto-community']);
    await sites.save({ guildId: GUILD, slug: 'ctos', title: 'CTO Community', enabled: false }, MODERATOR, LATER);
    expect(await sites.byGuild(GUILD)).toMatchObject({ slug: 'ctos', enabled: false, changedAt: LATER });
    expect(await sites.bySlug('cto-community')).toBeUndefined();

    await sites.showName(GUILD, MODERATOR, 'Helen', AT);
    await sites.showName(GUILD, MODERATOR, 'Helen B.', LATER);
    expect(await sites.publicName(GUILD, MODERATOR)).toBe('Helen B.');
    expect(await sites.publicNames(GUILD)).toEqual(new Map([[MODERATOR, 'Helen B.']]));
    expect(await sites.publicNames(OTHER_GUILD)).toEqual(new Map());
    expect(await sites.hideName(GUILD, MODERATOR)).toBe(true);
    expect(await sites.hideName(GUILD, MODERATOR)).toBe(false);
    expect(await sites.publicName(GUILD, MODERATOR)).toBeNull();
  });
});

import type { SqlDatabase } from '../db/sql/dialect.js';

export interface SiteRow {
  readonly guildId: string;
  readonly slug: string;
  readonly title: string;
  readonly enabled: boolean;
  readonly changedAt: string;
}

export type ExclusionKind = 'question' | 'entry';

const toSite = (row: { guild_id: string; slug: string; title: string; enabled: number; changed_at: string }): SiteRow => ({
  guildId: row.guild_id,
  slug: row.slug,
  title: row.title,
  enabled: row.enabled === 1,
  changedAt: row.changed_at,
});

const changedRows = (result: { numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint | undefined }): number => Number(result.numDeletedRows ?? result.numInsertedOrUpdatedRows ?? 0n);

/**
 * SQL for a server's site choices, on SQLite and PostgreSQL alike: on/off and its path, what
 * moderators excluded, who shows their name. Each change is one statement.
 */
export function createSiteStore({ kysely: db }: SqlDatabase) {
  const sites = () => db.selectFrom('web_sites').select(['guild_id', 'slug', 'title', 'enabled', 'changed_at']);
  const exclusion = (guildId: string, kind: ExclusionKind, target: string) =>
    db.selectFrom('web_exclusions').where('guild_id', '=', guildId).where('kind', '=', kind).where('target', '=', target);

  return {
    byGuild: async (guildId: string): Promise<SiteRow | undefined> => {
      const row = await sites().where('guild_id', '=', guildId).executeTakeFirst();
      return row && toSite(row);
    },
    bySlug: async (slug: string): Promise<SiteRow | undefined> => {
      const row = await sites().where('slug', '=', slug).executeTakeFirst();
      return row && toSite(row);
    },
    enabledSites: async (): Promise<SiteRow[]> => (await sites().where('enabled', '=', 1).orderBy('title').orderBy('slug').execute()).map(toSite),
    async save(site: Omit<SiteRow, 'changedAt'>, by: string, at: string): Promise<void> {
      const values = { slug: site.slug, title: site.title, enabled: site.enabled ? 1 : 0, changed_by: by, changed_at: at };
      await db
        .insertInto('web_sites')
        .values({ guild_id: site.guildId, ...values })
        .onConflict((conflict) => conflict.column('guild_id').doUpdateSet(values))
        .execute();
    },
    /** True when it was not excluded before. */
    exclude: async (guildId: string, kind: ExclusionKind, target: string, by: string, at: string): Promise<boolean> =>
      changedRows(
        await db
          .insertInto('web_exclusions')
          .values({ guild_id: guildId, kind, target, excluded_by: by, created_at: at })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst(),
      ) > 0,
    /** True when it was excluded. */
    include: async (guildId: string, kind: ExclusionKind, target: string): Promise<boolean> =>
      changedRows(await db.deleteFrom('web_exclusions').where('guild_id', '=', guildId).where('kind', '=', kind).where('target', '=', target).executeTakeFirst()) > 0,
    excludedAt: async (guildId: string, kind: ExclusionKind, target: string): Promise<string | null> =>
      (await exclusion(guildId, kind, target).select('created_at').executeTakeFirst())?.created_at ?? null,
    exclusions: (guildId: string): Promise<{ kind: ExclusionKind; target: string }[]> =>
      db.selectFrom('web_exclusions').select(['kind', 'target']).where('guild_id', '=', guildId).orderBy('kind').orderBy('created_at').execute(),
    /**
     * Every public name a server's members chose (`/qa web name on`), for one page: those who opt in
     * are few, and the page's markdown names mentions synchronously as it renders.
     */
    publicNames: async (guildId: string): Promise<Map<string, string>> =>
      new Map((await db.selectFrom('web_public_names').select(['user_id', 'name']).where('guild_id', '=', guildId).execute()).map((row) => [row.user_id, row.name])),
    publicName: async (guildId: string, userId: string): Promise<string | null> =>
      (await db.selectFrom('web_public_names').select('name').where('guild_id', '=', guildId).where('user_id', '=', userId).executeTakeFirst())?.name ?? null,
    async showName(guildId: string, userId: string, name: string, at: string): Promise<void> {
      await db
        .insertInto('web_public_names')
        .values({ guild_id: guildId, user_id: userId, name, created_at: at })
        .onConflict((conflict) => conflict.columns(['guild_id', 'user_id']).doUpdateSet({ name }))
        .execute();
    },
    /** True when the member had a public name. */
    hideName: async (guildId: string, userId: string): Promise<boolean> =>
      changedRows(await db.deleteFrom('web_public_names').where('guild_id', '=', guildId).where('user_id', '=', userId).executeTakeFirst()) > 0,
  };
}

export type SiteStore = ReturnType<typeof createSiteStore>;

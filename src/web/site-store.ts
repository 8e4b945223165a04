import type { Db } from '../db/index.js';

export interface SiteRow {
  readonly guildId: string;
  readonly slug: string;
  readonly title: string;
  readonly enabled: boolean;
  readonly changedAt: string;
}

export type ExclusionKind = 'question' | 'entry';

type RawSite = Omit<SiteRow, 'enabled'> & { enabled: number };
const SITE = 'guild_id AS guildId, slug, title, enabled, changed_at AS changedAt';
const toSite = (row: RawSite | undefined): SiteRow | undefined => (row ? { ...row, enabled: row.enabled === 1 } : undefined);

/** SQL for a server's site choices: on/off and its path, what moderators excluded, who shows their name. */
export function createSiteStore(db: Db) {
  const statements = {
    byGuild: db.prepare<[string], RawSite>(`SELECT ${SITE} FROM web_sites WHERE guild_id = ?`),
    bySlug: db.prepare<[string], RawSite>(`SELECT ${SITE} FROM web_sites WHERE slug = ?`),
    enabled: db.prepare<[], RawSite>(`SELECT ${SITE} FROM web_sites WHERE enabled = 1 ORDER BY title, slug`),
    save: db.prepare<{ guildId: string; slug: string; title: string; enabled: number; by: string; at: string }>(
      `INSERT INTO web_sites (guild_id, slug, title, enabled, changed_by, changed_at) VALUES (@guildId, @slug, @title, @enabled, @by, @at)
       ON CONFLICT (guild_id) DO UPDATE SET slug = excluded.slug, title = excluded.title, enabled = excluded.enabled,
         changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
    ),
    exclude: db.prepare<{ guildId: string; kind: ExclusionKind; target: string; by: string; at: string }>(
      `INSERT INTO web_exclusions (guild_id, kind, target, excluded_by, created_at) VALUES (@guildId, @kind, @target, @by, @at)
       ON CONFLICT DO NOTHING`,
    ),
    include: db.prepare<[string, ExclusionKind, string]>('DELETE FROM web_exclusions WHERE guild_id = ? AND kind = ? AND target = ?'),
    excluded: db.prepare<[string, ExclusionKind, string], { at: string }>('SELECT created_at AS at FROM web_exclusions WHERE guild_id = ? AND kind = ? AND target = ?'),
    exclusions: db.prepare<[string], { kind: ExclusionKind; target: string }>('SELECT kind, target FROM web_exclusions WHERE guild_id = ? ORDER BY kind, created_at'),
    publicName: db.prepare<[string, string], { name: string }>('SELECT name FROM web_public_names WHERE guild_id = ? AND user_id = ?'),
    showName: db.prepare<{ guildId: string; userId: string; name: string; at: string }>(
      `INSERT INTO web_public_names (guild_id, user_id, name, created_at) VALUES (@guildId, @userId, @name, @at)
       ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name`,
    ),
    hideName: db.prepare<[string, string]>('DELETE FROM web_public_names WHERE guild_id = ? AND user_id = ?'),
  };

  return {
    byGuild: (guildId: string): SiteRow | undefined => toSite(statements.byGuild.get(guildId)),
    bySlug: (slug: string): SiteRow | undefined => toSite(statements.bySlug.get(slug)),
    enabledSites: (): SiteRow[] => statements.enabled.all().map((row) => ({ ...row, enabled: true })),
    save(site: Omit<SiteRow, 'changedAt'>, by: string, at: string): void {
      statements.save.run({ guildId: site.guildId, slug: site.slug, title: site.title, enabled: site.enabled ? 1 : 0, by, at });
    },
    /** True when it was not excluded before. */
    exclude: (guildId: string, kind: ExclusionKind, target: string, by: string, at: string): boolean => statements.exclude.run({ guildId, kind, target, by, at }).changes > 0,
    /** True when it was excluded. */
    include: (guildId: string, kind: ExclusionKind, target: string): boolean => statements.include.run(guildId, kind, target).changes > 0,
    excludedAt: (guildId: string, kind: ExclusionKind, target: string): string | null => statements.excluded.get(guildId, kind, target)?.at ?? null,
    exclusions: (guildId: string) => statements.exclusions.all(guildId),
    publicName: (guildId: string, userId: string): string | null => statements.publicName.get(guildId, userId)?.name ?? null,
    showName: (guildId: string, userId: string, name: string, at: string): void => {
      statements.showName.run({ guildId, userId, name, at });
    },
    /** True when the member had a public name. */
    hideName: (guildId: string, userId: string): boolean => statements.hideName.run(guildId, userId).changes > 0,
  };
}

export type SiteStore = ReturnType<typeof createSiteStore>;

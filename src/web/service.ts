import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql/dialect.js';
import { NO_NAMES, type MentionNames } from '../discord/text.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { Finding } from '../qa/finding.js';
import { createArchive } from './archive.js';
import { createArchiveStore } from './archive-store.js';
import { createWebSettings } from './settings.js';
import { createSiteStore } from './site-store.js';
import { siteUrls } from './urls.js';

interface WebDependencies {
  readonly database: SqlDatabase;
  readonly clock: Clock;
  readonly qa: { readonly finding: Pick<Finding, 'search'> };
  readonly knowledge: Pick<KnowledgeService, 'search'>;
  /** Role and channel names for mentions (the gateway's caches); members are named only by their own choice. */
  readonly mentionNamesOf?: (guildId: string) => MentionNames;
  /** WEB_BASE_URL: where the site is public; without it, its local address once it listens. */
  readonly baseUrl?: string | undefined;
  /** Question numbers per sitemap file (default 1,000; tests make it small). */
  readonly sitemapQuestionsPerFile?: number;
}

/** The community site (issue 18): what the pages show (archive) and the server's choices (settings). */
export function createWebService({ database, clock, qa, knowledge, mentionNamesOf = () => NO_NAMES, baseUrl, sitemapQuestionsPerFile }: WebDependencies) {
  const sites = createSiteStore(database);
  const archive = createArchiveStore(database);
  let localUrl: string | undefined;
  return {
    now: (): Date => clock.now(),
    /** The running server tells its address (the sandbox's port is only known then). */
    listeningAt(url: string): void {
      localUrl = url;
    },
    /** A server's home page address for moderators' replies; null while no site runs. */
    homeUrl(slug: string): string | null {
      const base = baseUrl ?? localUrl;
      if (!base) return null;
      const urls = siteUrls(base);
      return urls.absolute(urls.home(slug));
    },
    /** A published question's address, for the same replies. */
    questionUrl(slug: string, number: number, text: string): string | null {
      const base = baseUrl ?? localUrl;
      if (!base) return null;
      const urls = siteUrls(base);
      return urls.absolute(urls.question(slug, number, text));
    },
    archive: createArchive({ clock, sites, archive, finding: qa.finding, knowledge, mentionNamesOf, ...(sitemapQuestionsPerFile ? { sitemapQuestionsPerFile } : {}) }),
    settings: createWebSettings({ sites, archive, clock }),
  };
}

export type WebService = ReturnType<typeof createWebService>;

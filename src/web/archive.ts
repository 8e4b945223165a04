import type { MentionNames } from '../discord/text.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { Finding } from '../qa/finding.js';
import type { ArchivedAnswer, ArchivedEntry, ArchivedQuestion, ArchiveStore, EntryLine, QuestionLine } from './archive-store.js';
import type { WebMentionNames } from './markdown.js';
import type { SiteRow, SiteStore } from './site-store.js';

/**
 * What a server's site shows, read live per request: only what is published (see archive-store),
 * names only for members who agreed (`/qa web name on`), everyone else "a member". A page that was
 * public and is not any more (deleted, closed, merged away, excluded, its answer unaccepted) is
 * `gone` (410); one that never existed is `missing` (404).
 */

const A_MEMBER = 'a member';
const HOME_TOPICS = 8;
const HOME_TOP_QUESTIONS = 5;
const LIST_PAGE_SIZE = 20;
const SEARCH_LIMIT = 20;
/**
 * A sitemap file holds at most 50,000 addresses: questions go in files of a fixed range of numbers
 * (an address stays in its file, and a file is one index range), entries and the home page in one
 * of their own. Smaller than the limit so that each file is a page's worth of server time.
 */
const SITEMAP_QUESTIONS_PER_FILE = 10_000;
const SITEMAP_ENTRIES = 49_999;

/** One file of a server's sitemap: its home and entries, or the questions of one range of numbers. */
export type SitemapFile = { readonly kind: 'pages' } | { readonly kind: 'questions'; readonly page: number };

export interface Person {
  readonly name: string;
  /** Whether it is the member's own (agreed) name rather than "a member". */
  readonly named: boolean;
}

export interface QuestionView {
  readonly question: ArchivedQuestion;
  readonly asker: Person;
  readonly accepted: ArchivedAnswer & { readonly author: Person };
  /** Accepted first; the others by upvotes, then oldest first. */
  readonly others: readonly (ArchivedAnswer & { readonly author: Person })[];
  readonly entryId: string | null;
  readonly lastModified: string;
}

export interface EntryView {
  readonly entry: ArchivedEntry;
  readonly author: Person | null;
  /** The published question it was promoted from, if any (the entry links to it). */
  readonly question: ArchivedQuestion | null;
  readonly lastModified: string;
}

type Lookup<T> = { readonly kind: 'ok'; readonly view: T } | { readonly kind: 'gone' } | { readonly kind: 'missing' } | { readonly kind: 'moved'; readonly number: number; readonly text: string };

export interface HomeView {
  readonly topics: readonly EntryLine[];
  readonly topQuestions: readonly QuestionLine[];
  readonly latest: readonly QuestionLine[];
  readonly page: number;
  readonly hasNext: boolean;
  readonly lastModified: string;
}

export interface SearchView {
  readonly query: string;
  readonly questions: readonly { readonly number: number; readonly text: string; readonly answer: string }[];
  readonly entries: readonly { readonly id: string; readonly title: string; readonly summary: string; readonly body: string; readonly sourceQuestion: string | null }[];
}

interface ArchiveDeps {
  readonly sites: SiteStore;
  readonly archive: ArchiveStore;
  readonly finding: Pick<Finding, 'search'>;
  readonly knowledge: Pick<KnowledgeService, 'search'>;
  readonly mentionNamesOf: (guildId: string) => MentionNames;
  /** Question numbers per sitemap file (tests make it small). */
  readonly sitemapQuestionsPerFile?: number;
}

const latestOf = (...times: (string | null | undefined)[]): string => times.filter((time): time is string => Boolean(time)).sort().at(-1) ?? new Date(0).toISOString();

export function createArchive({ sites, archive, finding, knowledge, mentionNamesOf, sitemapQuestionsPerFile = SITEMAP_QUESTIONS_PER_FILE }: ArchiveDeps) {
  /** Mention and author names for one request: public names from the database, roles and channels as the server names them. */
  const namesFor = (guildId: string): WebMentionNames & { person(id: string): Person } => {
    const cache = new Map<string, string | null>();
    const user = (id: string): string | null => {
      if (!cache.has(id)) cache.set(id, sites.publicName(guildId, id));
      return cache.get(id) ?? null;
    };
    const server = mentionNamesOf(guildId);
    return {
      user,
      role: (id) => server.role(id),
      channel: (id) => server.channel(id),
      person(id) {
        const name = user(id);
        return name === null ? { name: A_MEMBER, named: false } : { name, named: true };
      },
    };
  };

  /** Whether the page may have been public: removed, closed, merged, or with an accepted answer (excluded). An open question never was. */
  const mayHaveBeenPublic = (question: ArchivedQuestion): boolean =>
    question.publication === 'posted' && (question.deletedAt !== null || question.status !== 'open' || question.mergedInto !== null || question.acceptedAnswerId !== null);

  return {
    namesFor,

    /** The enabled site at this path, or undefined (unknown, or turned off: both 404). */
    site(slug: string): SiteRow | undefined {
      const site = sites.bySlug(slug);
      return site?.enabled ? site : undefined;
    },

    sites: (): SiteRow[] => sites.enabledSites(),

    home(site: SiteRow, requestedPage: number): HomeView {
      const page = Math.max(1, requestedPage);
      const rows = archive.latest(site.guildId, LIST_PAGE_SIZE + 1, (page - 1) * LIST_PAGE_SIZE);
      const latest = rows.slice(0, LIST_PAGE_SIZE);
      const topics = archive.entries(site.guildId, HOME_TOPICS);
      const topQuestions = page === 1 ? archive.topVoted(site.guildId, HOME_TOP_QUESTIONS) : [];
      return {
        topics,
        topQuestions,
        latest,
        page,
        hasNext: rows.length > LIST_PAGE_SIZE,
        lastModified: latestOf(site.changedAt, ...latest.map((line) => line.updatedAt), ...topics.map((topic) => topic.createdAt), ...topQuestions.map((line) => line.updatedAt)),
      };
    },

    question(site: SiteRow, number: number): Lookup<QuestionView> {
      const question = archive.question(site.guildId, number);
      if (!question) return { kind: 'missing' };
      if (!question.published) {
        if (question.mergedInto !== null && !question.deletedAt) {
          const target = archive.questionById(site.guildId, question.mergedInto);
          if (target?.published) return { kind: 'moved', number: target.number, text: target.text };
        }
        return mayHaveBeenPublic(question) ? { kind: 'gone' } : { kind: 'missing' };
      }
      const names = namesFor(site.guildId);
      const answers = archive.answers(site.guildId, question.id).map((answer) => ({ ...answer, author: names.person(answer.authorId) }));
      const accepted = answers.find((answer) => answer.id === question.acceptedAnswerId);
      if (!accepted) return { kind: 'gone' };
      const others = answers.filter((answer) => answer !== accepted).sort((a, b) => b.votes - a.votes || a.number - b.number);
      const entryId = question.promotedEntryId && archive.entry(site.guildId, question.promotedEntryId) ? question.promotedEntryId : null;
      return {
        kind: 'ok',
        view: {
          question,
          asker: question.anonymous ? { name: A_MEMBER, named: false } : names.person(question.askerId),
          accepted,
          others,
          entryId,
          lastModified: latestOf(site.changedAt, question.updatedAt, ...answers.map((answer) => answer.editedAt ?? answer.createdAt)),
        },
      };
    },

    entry(site: SiteRow, id: string): Lookup<EntryView> {
      const entry = archive.entry(site.guildId, id);
      const source = archive.promotedFrom(site.guildId, id);
      if (!entry) {
        // Gone when it was this server's (excluded, or removed with its question); else never here.
        return sites.excludedAt(site.guildId, 'entry', id) !== null || source ? { kind: 'gone' } : { kind: 'missing' };
      }
      const names = namesFor(site.guildId);
      return {
        kind: 'ok',
        view: {
          entry,
          author: entry.authorId ? names.person(entry.authorId) : null,
          question: source?.published ? source : null,
          lastModified: latestOf(site.changedAt, entry.createdAt, source?.updatedAt),
        },
      };
    },

    /** The existing search services, their hits kept only when published on this site. */
    search(site: SiteRow, query: string): SearchView {
      const questions = finding
        .search(site.guildId, query, { userId: '', moderator: false }, SEARCH_LIMIT * 2)
        .flatMap((card) => {
          const question = archive.questionById(site.guildId, card.question.id);
          if (!question?.published || !card.accepted) return [];
          return [{ number: question.number, text: question.text, answer: card.accepted.text }];
        })
        .slice(0, SEARCH_LIMIT);
      const entries = knowledge
        .search(query, site.guildId, SEARCH_LIMIT)
        .hits.filter((hit) => hit.entry.guildId === site.guildId)
        .flatMap((hit) => {
          const entry = archive.entry(site.guildId, hit.entry.id);
          return entry ? [{ id: entry.id, title: entry.title, summary: entry.summary, body: entry.body, sourceQuestion: entry.sourceQuestion }] : [];
        });
      return { query, questions, entries };
    },

    /** The files of a server's sitemap: its pages, then one per range of question numbers. */
    sitemapFiles(site: SiteRow): SitemapFile[] {
      const files = Math.ceil(archive.lastNumber(site.guildId) / sitemapQuestionsPerFile);
      return [{ kind: 'pages' }, ...Array.from({ length: files }, (_, index) => ({ kind: 'questions' as const, page: index + 1 }))];
    },

    /** The addresses of one sitemap file, or undefined past the last one. */
    sitemapFile(site: SiteRow, file: SitemapFile) {
      if (file.kind === 'pages') return { entries: archive.sitemapEntries(site.guildId, SITEMAP_ENTRIES), questions: [] };
      const first = (file.page - 1) * sitemapQuestionsPerFile + 1;
      if (first > archive.lastNumber(site.guildId)) return undefined;
      return { entries: [], questions: archive.sitemapQuestions(site.guildId, first, first + sitemapQuestionsPerFile - 1) };
    },
  };
}

export type Archive = ReturnType<typeof createArchive>;

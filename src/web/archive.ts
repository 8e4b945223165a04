import type { MentionNames } from '../discord/text.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { Finding } from '../qa/finding.js';
import type { Clock } from '../core/clock.js';
import type { ArchivedAnswer, ArchivedEntry, ArchivedQuestion, ArchiveStore, EntryLine, QuestionLine, RankedEntry, RankedQuestion } from './archive-store.js';
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
/**
 * The home page's two rankings (entries by /ask hits, questions by upvotes) count a server's whole
 * /ask log and all its votes: that order is counted at most once a minute per server. What the
 * lists show is still checked on every request, so a deleted, closed or excluded question or entry
 * leaves them at once; only the order and the vote counts may be up to a minute old. The top
 * RANKED of each are kept, enough for the few shown after some are found unpublished.
 */
const RANKING_TTL_MS = 60_000;
const RANKED = 50;
const LIST_PAGE_SIZE = 20;
const SEARCH_LIMIT = 20;
/**
 * A sitemap file holds at most 50,000 addresses: questions go in files of a fixed range of numbers
 * (an address stays in its file, and a file is one index range), entries and the home page in one
 * of their own. Far below the limit, so that a file costs about what a page does: at 100,000
 * questions one of 10,000 numbers took 40 ms to write out, one of 2,000 a median of 19 ms.
 */
const SITEMAP_QUESTIONS_PER_FILE = 1_000;
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

/** Where a page of the list starts: the newest (neither), below a number (older) or above one (newer). */
interface ListPosition {
  readonly before?: number | undefined;
  readonly after?: number | undefined;
}

export interface HomeView {
  readonly topics: readonly EntryLine[];
  readonly topQuestions: readonly QuestionLine[];
  /** Newest first. */
  readonly latest: readonly QuestionLine[];
  readonly position: ListPosition;
  /** The page of newer questions starts after this number; null on the newest. */
  readonly newerAfter: number | null;
  /** The page of older questions starts before this number; null on the oldest. */
  readonly olderBefore: number | null;
  readonly lastModified: string;
}

export interface SearchView {
  readonly query: string;
  readonly questions: readonly { readonly number: number; readonly text: string; readonly answer: string }[];
  readonly entries: readonly { readonly id: string; readonly title: string; readonly summary: string; readonly body: string; readonly sourceQuestion: string | null }[];
}

interface ArchiveDeps {
  readonly clock: Clock;
  readonly sites: SiteStore;
  readonly archive: ArchiveStore;
  readonly finding: Pick<Finding, 'search'>;
  readonly knowledge: Pick<KnowledgeService, 'search'>;
  readonly mentionNamesOf: (guildId: string) => MentionNames;
  /** Question numbers per sitemap file (tests make it small). */
  readonly sitemapQuestionsPerFile?: number;
}

const latestOf = (...times: (string | null | undefined)[]): string => times.filter((time): time is string => Boolean(time)).sort().at(-1) ?? new Date(0).toISOString();

export function createArchive({ clock, sites, archive, finding, knowledge, mentionNamesOf, sitemapQuestionsPerFile = SITEMAP_QUESTIONS_PER_FILE }: ArchiveDeps) {
  const rankings = new Map<string, { readonly at: number; readonly votes: readonly RankedQuestion[]; readonly asks: readonly RankedEntry[] }>();
  const rankingsOf = async (guildId: string) => {
    const now = clock.now().getTime();
    const kept = rankings.get(guildId);
    if (kept && now >= kept.at && now - kept.at < RANKING_TTL_MS) return kept;
    const [votes, asks] = await Promise.all([archive.voteRanking(guildId, RANKED), archive.askRanking(guildId, RANKED)]);
    const counted = { at: now, votes, asks };
    rankings.set(guildId, counted);
    return counted;
  };

  /** The most upvoted published questions, by the kept order, with its counts. */
  const topQuestionsOf = async (guildId: string): Promise<QuestionLine[]> => {
    const { votes } = await rankingsOf(guildId);
    const published = new Map((await archive.publishedIn(guildId, votes.map((ranked) => ranked.id))).map((line) => [line.id, line]));
    return votes.flatMap((ranked) => {
      const line = published.get(ranked.id);
      return line ? [{ number: line.number, text: line.text, updatedAt: line.updatedAt, votes: ranked.votes }] : [];
    }).slice(0, HOME_TOP_QUESTIONS);
  };

  /** The most asked entries on the site by the kept order; newest ones fill the list when few were asked. */
  const topicsOf = async (guildId: string): Promise<EntryLine[]> => {
    const { asks } = await rankingsOf(guildId);
    const onSite = new Map((await archive.entriesIn(guildId, asks.map((ranked) => ranked.id))).map((entry) => [entry.id, entry]));
    const asked = asks.flatMap((ranked) => {
      const entry = onSite.get(ranked.id);
      return entry ? [{ ...entry, asks: ranked.asks }] : [];
    }).slice(0, HOME_TOPICS);
    if (asked.length === HOME_TOPICS) return asked;
    const listed = new Set(asked.map((entry) => entry.id));
    const newest = (await archive.newestEntries(guildId, HOME_TOPICS * 2)).filter((entry) => !listed.has(entry.id)).map((entry) => ({ ...entry, asks: 0 }));
    return [...asked, ...newest].slice(0, HOME_TOPICS);
  };

  /** Mention and author names for one request: public names from the database, roles and channels as the server names them. */
  const namesFor = async (guildId: string): Promise<WebMentionNames & { person(id: string): Person }> => {
    const chosen = await sites.publicNames(guildId);
    const user = (id: string): string | null => chosen.get(id) ?? null;
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
    async site(slug: string): Promise<SiteRow | undefined> {
      const site = await sites.bySlug(slug);
      return site?.enabled ? site : undefined;
    },

    sites: (): Promise<SiteRow[]> => sites.enabledSites(),

    async home(site: SiteRow, position: ListPosition = {}): Promise<HomeView> {
      const { guildId } = site;
      let latest: QuestionLine[];
      let newerAfter: number | null;
      let olderBefore: number | null;
      if (position.after !== undefined) {
        const rows = await archive.after(guildId, position.after, LIST_PAGE_SIZE + 1);
        latest = rows.slice(0, LIST_PAGE_SIZE).reverse();
        const oldest = latest.at(-1)?.number;
        newerAfter = rows.length > LIST_PAGE_SIZE ? (latest[0]?.number ?? null) : null;
        olderBefore = oldest !== undefined && (await archive.before(guildId, oldest, 1)).length > 0 ? oldest : null;
      } else {
        const rows = await archive.before(guildId, position.before ?? null, LIST_PAGE_SIZE + 1);
        latest = rows.slice(0, LIST_PAGE_SIZE);
        const newest = latest[0]?.number;
        olderBefore = rows.length > LIST_PAGE_SIZE ? (latest.at(-1)?.number ?? null) : null;
        newerAfter = position.before !== undefined && newest !== undefined && (await archive.after(guildId, newest, 1)).length > 0 ? newest : null;
      }
      const first = position.before === undefined && position.after === undefined;
      const topics = await topicsOf(guildId);
      const topQuestions = first ? await topQuestionsOf(guildId) : [];
      return {
        topics,
        topQuestions,
        latest,
        position,
        newerAfter,
        olderBefore,
        lastModified: latestOf(site.changedAt, ...latest.map((line) => line.updatedAt), ...topics.map((topic) => topic.createdAt), ...topQuestions.map((line) => line.updatedAt)),
      };
    },

    async question(site: SiteRow, number: number): Promise<Lookup<QuestionView>> {
      const question = await archive.question(site.guildId, number);
      if (!question) return { kind: 'missing' };
      if (!question.published) {
        if (question.mergedInto !== null && !question.deletedAt) {
          const target = await archive.questionById(site.guildId, question.mergedInto);
          if (target?.published) return { kind: 'moved', number: target.number, text: target.text };
        }
        return mayHaveBeenPublic(question) ? { kind: 'gone' } : { kind: 'missing' };
      }
      const names = await namesFor(site.guildId);
      const answers = (await archive.answers(site.guildId, question.id)).map((answer) => ({ ...answer, author: names.person(answer.authorId) }));
      const accepted = answers.find((answer) => answer.id === question.acceptedAnswerId);
      if (!accepted) return { kind: 'gone' };
      const others = answers.filter((answer) => answer !== accepted).sort((a, b) => b.votes - a.votes || a.number - b.number);
      const entryId = question.promotedEntryId && (await archive.entry(site.guildId, question.promotedEntryId)) ? question.promotedEntryId : null;
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

    async entry(site: SiteRow, id: string): Promise<Lookup<EntryView>> {
      const entry = await archive.entry(site.guildId, id);
      const source = await archive.promotedFrom(site.guildId, id);
      if (!entry) {
        // Gone when it was this server's (excluded, or removed with its question); else never here.
        return (await sites.excludedAt(site.guildId, 'entry', id)) !== null || source ? { kind: 'gone' } : { kind: 'missing' };
      }
      const names = await namesFor(site.guildId);
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
    async search(site: SiteRow, query: string): Promise<SearchView> {
      const cards = finding.search(site.guildId, query, { userId: '', moderator: false }, SEARCH_LIMIT * 2);
      const hits = knowledge.search(query, site.guildId, SEARCH_LIMIT).hits.filter((hit) => hit.entry.guildId === site.guildId);
      // Two lookups for all the hits, in the searches' order.
      const [published, onSite] = await Promise.all([
        archive.publishedIn(site.guildId, cards.map((card) => card.question.id)),
        archive.entriesIn(site.guildId, hits.map((hit) => hit.entry.id)),
      ]);
      const questionsById = new Map(published.map((line) => [line.id, line]));
      const entriesById = new Map(onSite.map((entry) => [entry.id, entry]));
      const questions = cards
        .flatMap((card) => {
          const question = questionsById.get(card.question.id);
          return question && card.accepted ? [{ number: question.number, text: question.text, answer: card.accepted.text }] : [];
        })
        .slice(0, SEARCH_LIMIT);
      const entries = hits.flatMap((hit) => {
        const entry = entriesById.get(hit.entry.id);
        return entry ? [{ id: entry.id, title: entry.title, summary: entry.summary, body: entry.body, sourceQuestion: entry.sourceQuestion }] : [];
      });
      return { query, questions, entries };
    },

    /** The files of a server's sitemap: its pages, then one per range of question numbers. */
    async sitemapFiles(site: SiteRow): Promise<SitemapFile[]> {
      const files = Math.ceil((await archive.lastNumber(site.guildId)) / sitemapQuestionsPerFile);
      return [{ kind: 'pages' }, ...Array.from({ length: files }, (_, index) => ({ kind: 'questions' as const, page: index + 1 }))];
    },

    /** The addresses of one sitemap file, or undefined past the last one. */
    async sitemapFile(site: SiteRow, file: SitemapFile) {
      if (file.kind === 'pages') return { entries: await archive.sitemapEntries(site.guildId, SITEMAP_ENTRIES), questions: [] };
      const first = (file.page - 1) * sitemapQuestionsPerFile + 1;
      if (first > (await archive.lastNumber(site.guildId))) return undefined;
      return { entries: [], questions: await archive.sitemapQuestions(site.guildId, first, first + sitemapQuestionsPerFile - 1) };
    },
  };
}

export type Archive = ReturnType<typeof createArchive>;

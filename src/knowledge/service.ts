import type { Clock } from '../core/clock.js';
import { DAY_MS } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { createMetaStoreNow, type Db } from '../db/index.js';
import { sqliteDatabase, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import { loadKnowledgeContent, type KnowledgeContent } from './content.js';
import type { KnowledgeEntry } from './entry.js';
import { indexedText, syncShippedEntries } from './indexer.js';
import { KnowledgeSearch, type SearchHit, type SearchResult } from './search.js';
import { createKbReview } from './review.js';
import { createReviewStore } from './review-store.js';
import { createKnowledgeStore } from './entry-store.js';
import { createAskLogStore, type UnansweredGroup } from './ask-log-store.js';
import { createGuildEntryStore } from './guild-entry-store.js';
import { createGuildEntrySync } from './guild-sync.js';
import { SuggestIndex, suggestEntries, type Suggestion } from './suggest.js';

interface KnowledgeServiceOptions {
  readonly db: Db;
  /** The shared database of the converted stores (docs/postgres.md); by default Kysely over `db`. */
  readonly database?: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Defaults to data/knowledge/; tests and benchmarks pass their own. */
  readonly content?: KnowledgeContent;
}

interface AskOutcome extends SearchResult {
  /** The logged question, for "More like this" and "Ask the community". */
  readonly questionId: number;
}

export type StatsPeriod = 'week' | 'month' | 'all';

export interface KnowledgeStats {
  readonly asked: number;
  readonly answered: number;
  readonly mostAsked: { entry: KnowledgeEntry | undefined; entryId: string; asks: number }[];
  readonly leastHelpful: { entry: KnowledgeEntry | undefined; entryId: string; helpful: number; unhelpful: number }[];
  readonly unanswered: UnansweredPage;
}

/** One page of the questions /ask could not answer, the same wording counted once, most asked first. */
export interface UnansweredPage {
  readonly groups: readonly UnansweredGroup[];
  /** 1-based, within 1…pages. */
  readonly page: number;
  readonly pages: number;
  /** Distinct wordings in all. */
  readonly total: number;
}

/** Wordings per page: ten lines of up to 100 characters fit an embed field (1,024). */
const UNANSWERED_PER_PAGE = 8;

const PERIOD_DAYS: Record<StatsPeriod, number | null> = { week: 7, month: 30, all: null };

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

/** Answers questions from the curated knowledge base and records what members ask. */
export function createKnowledgeService({ db, database = sqliteDatabase(db), clock, logger, content = loadKnowledgeContent() }: KnowledgeServiceOptions) {
  if (content.problems.length > 0) {
    const details = content.problems.map((problem) => `${problem.file} ${problem.field}: ${problem.message}`).join('\n  ');
    throw new Error(`The knowledge base has problems (run npm run kb -- check):\n  ${details}`);
  }
  const store = createKnowledgeStore(db);
  const rebuilt = syncShippedEntries(store, createMetaStoreNow(db), content, clock.now().toISOString());
  logger.debug({ entries: content.entries.length, index: rebuilt }, 'knowledge base ready');
  const stored = store.allEntries();
  const repaired = store.repairGuildIndex(stored, indexedText);
  if (repaired > 0) logger.warn({ entries: repaired }, 'indexed server entries a stopped process had left out of the search index');
  const search = new KnowledgeSearch(store, stored);
  const guildEntries = createGuildEntryStore(database);
  const askLog = createAskLogStore(database);
  const sync = createGuildEntrySync({ shared: guildEntries, index: store, search, clock, logger });

  const visibleEntries = (guildId: string | null): readonly KnowledgeEntry[] => {
    sync.refreshSoon();
    return search.visible(guildId);
  };
  const searchNow = (question: string, guildId: string | null, limit?: number): SearchResult => {
    sync.refreshSoon();
    return search.search(question, guildId, limit);
  };
  const suggestIndex = new SuggestIndex(search.visible(null));

  const entry = (id: string, guildId: string | null): KnowledgeEntry | undefined =>
    // A server's own entry wins over a shipped one with the same id.
    visibleEntries(guildId)
      .filter((candidate) => candidate.id === id)
      .sort((a, b) => Number(Boolean(b.guildId)) - Number(Boolean(a.guildId)))[0];

  const review = createKbReview({
    store: createReviewStore(database),
    clock,
    knowledge: { entry, search: searchNow, addGuildEntry: (newEntry, alongside) => service.addGuildEntry(newEntry, alongside), refresh: sync.refresh },
  });

  const service = {
    /** Learning from members: what /ask missed in each server, for `/kb review`. */
    review,

    search: searchNow,

    /** Brings this process's index in line with the servers' entries in the shared database, now. */
    refresh: sync.refresh,

    /** Searches and records the question (guild, member, text, match, score). */
    async ask(question: string, asker: { guildId: string | null; userId: string }): Promise<AskOutcome> {
      await sync.refresh();
      // A server's own alias for these exact words wins: its moderators chose that answer.
      const aliased = asker.guildId ? await review.aliasAnswer(asker.guildId, question) : null;
      const result: SearchResult = aliased ? { hits: [aliased], answer: aliased } : search.search(question, asker.guildId);
      const questionId = await askLog.recordQuestion({
        guildId: asker.guildId,
        userId: asker.userId,
        question,
        entryId: result.answer?.entry.id ?? null,
        score: result.hits[0]?.score ?? null,
        createdAt: clock.now().toISOString(),
      });
      if (asker.guildId) await review.noteAsk({ guildId: asker.guildId, userId: asker.userId, questionId, question, result });
      return { ...result, questionId };
    },

    /** A logged question, only from the server (or DM) it was asked in. */
    async loggedQuestion(questionId: number, guildId: string | null) {
      const record = await askLog.question(questionId);
      if (!record || record.guildId !== guildId) {
        throw new UserError('kb.unknown-question', 'That question is no longer available. Ask it again with `/ask`.');
      }
      return record;
    },

    /** The results after the answer: the next two entries for the same question. */
    async moreLikeThis(questionId: number, guildId: string | null, shownEntryId: string): Promise<SearchHit[]> {
      const { question } = await service.loggedQuestion(questionId, guildId);
      return search
        .search(question, guildId, 6)
        .hits.filter((hit) => hit.entry.id !== shownEntryId)
        .slice(0, 2);
    },

    entry,

    requireEntry(id: string, guildId: string | null): KnowledgeEntry {
      const found = entry(id, guildId);
      if (!found) throw new UserError('kb.unknown-entry', `I have no topic called \`${id}\`. Try \`/cto list\`.`);
      return found;
    },

    /** Titles of an entry's related topics that this server can see. */
    relatedTitles(of: KnowledgeEntry, guildId: string | null): string[] {
      return of.related.flatMap((id) => entry(id, guildId)?.title ?? []);
    },

    suggest: (input: string, guildId: string | null): Suggestion[] =>
      suggestEntries(suggestIndex, guildId ? search.guildEntries(guildId) : [], input, (query) => search.search(query, guildId, 25).hits.map((hit) => hit.entry)),

    list(guildId: string | null, tag?: string): KnowledgeEntry[] {
      return visibleEntries(guildId)
        .filter((candidate) => !tag || candidate.tags.includes(tag))
        .sort((a, b) => a.title.localeCompare(b.title));
    },

    tags(guildId: string | null): string[] {
      return [...new Set(visibleEntries(guildId).flatMap((candidate) => candidate.tags))].sort();
    },

    /** A Helpful / Not helpful vote; with the logged question (only of this server), also for /kb review. */
    async recordFeedback(entryId: string, voter: { guildId: string | null; userId: string }, helpful: boolean, questionId?: number): Promise<void> {
      await sync.refresh();
      if (!entry(entryId, voter.guildId)) throw new UserError('kb.unknown-entry', 'That topic no longer exists.');
      const asked = questionId === undefined ? undefined : await service.loggedQuestion(questionId, voter.guildId);
      await askLog.recordFeedback(voter.guildId, entryId, voter.userId, helpful, clock.now().toISOString());
      if (asked && voter.guildId) {
        await review.noteVote({ guildId: voter.guildId, userId: voter.userId, questionId: asked.id, question: asked.question, entryId, score: asked.score, helpful });
      }
    },

    /** The period's figures; `unansweredPage` picks the page of unanswered questions (out of range: the nearest). */
    async stats(guildId: string, period: StatsPeriod, options: { limit?: number; unansweredPage?: number } = {}): Promise<KnowledgeStats> {
      const { limit = 5, unansweredPage = 1 } = options;
      const days = PERIOD_DAYS[period];
      const since = days === null ? '' : new Date(clock.now().getTime() - days * DAY_MS).toISOString();
      const counts = await askLog.askCounts(guildId, since);
      const groups = await askLog.unansweredGroups(guildId, since);
      const total = groups.length;
      const pages = Math.max(1, Math.ceil(total / UNANSWERED_PER_PAGE));
      const page = Math.min(Math.max(1, unansweredPage), pages);
      return {
        asked: counts.total,
        answered: counts.answered,
        mostAsked: (await askLog.mostAsked(guildId, since, limit)).map((row) => ({ ...row, entry: entry(row.entryId, guildId) })),
        leastHelpful: (await askLog.leastHelpful(guildId, limit)).map((row) => ({ ...row, entry: entry(row.entryId, guildId) })),
        unanswered: { groups: groups.slice((page - 1) * UNANSWERED_PER_PAGE, page * UNANSWERED_PER_PAGE), page, pages, total },
      };
    },

    /** Stores a server-local entry (a promoted community answer) in the shared database and makes it searchable here at once. */
    async addGuildEntry(newEntry: KnowledgeEntry & { guildId: string }, alongside?: () => Work<void>): Promise<KnowledgeEntry> {
      const at = clock.now().toISOString();
      const added = await database.transaction(function* () {
        const inserted = yield* guildEntries.insert(newEntry, at);
        if (inserted && alongside) yield* alongside();
        return inserted;
      });
      if (!added) throw new UserError('kb.entry-exists', `This server already has an entry called \`${newEntry.id}\`.`);
      await sync.refresh();
      return newEntry;
    },

    guildEntries(guildId: string): readonly KnowledgeEntry[] {
      sync.refreshSoon();
      return search.guildEntries(guildId);
    },

    /** The removal as a step of the caller's unit of work (Q&A's deletions once they are units of work); refresh() after it commits. */
    guildEntryRemoval: (guildId: string, id: string): Work<boolean> => guildEntries.remove(guildId, id),

    /**
     * Deletes a server-local entry (its question was deleted); false when it did not exist. Synchronous
     * for Q&A's deletions, which call it inside their SQLite transaction (SQLite only until Q&A moves).
     */
    removeGuildEntry(guildId: string, id: string): boolean {
      const removed = guildEntries.removeNow(guildId, id);
      sync.forget(guildId, id);
      return removed;
    },
  };
  return service;
}

import type { Clock } from '../core/clock.js';
import type { Work } from '../db/sql/dialect.js';
import { UserError } from '../core/errors.js';
import { oneLine, truncate } from '../discord/text.js';
import type { KnowledgeEntry } from './entry.js';
import type { ReviewSignal, ReviewStore, SignalKind } from './review-store.js';
import { BODY_MAX_CHARS } from './schema.js';
import type { SearchHit, SearchResult } from './search.js';
import { groupByWording, wordingKey } from './wording.js';

/** How many of a server's latest unresolved signals /kb review groups (older ones wait their turn). */
const OPEN_SIGNALS = 2_000;
/** The server-local entries a moderator drafts from a group carry this tag. */
const DRAFT_TAG = 'server';

interface ReviewWording {
  /** As a member wrote it (the latest of that key). */
  readonly text: string;
  readonly key: string;
  readonly count: number;
}

/** Signals with similar wording: what a moderator acts on once. */
export interface ReviewGroup {
  /** Its first signal's id: how buttons name the group (checked against the server they came from). */
  readonly id: number;
  readonly signalIds: readonly number[];
  /** Distinct wordings, most asked first. */
  readonly wordings: readonly ReviewWording[];
  readonly counts: Readonly<Record<SignalKind, number>> & { readonly total: number };
  readonly members: number;
  readonly servers: number;
  /** Topics the near misses and misses came closest to, most often first. */
  readonly closestIds: readonly string[];
  /** Answers members voted "Not helpful" for this wording. */
  readonly unhelpfulIds: readonly string[];
  readonly firstAt: string;
  readonly lastAt: string;
}

const byCount = (values: readonly string[]): string[] => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value]) => value);
};

/** Groups signals by similar wording; the largest and latest groups first. */
export function summarizeGroups(signals: readonly ReviewSignal[]): ReviewGroup[] {
  const groups = groupByWording(signals).map((members): ReviewGroup => {
    const wordings = new Map<string, { text: string; key: string; count: number; lastId: number }>();
    for (const signal of members) {
      const key = wordingKey(signal.question);
      const seen = wordings.get(key);
      if (seen) {
        seen.count += 1;
        if (signal.id > seen.lastId) Object.assign(seen, { text: signal.question, lastId: signal.id });
      } else {
        wordings.set(key, { text: signal.question, key, count: 1, lastId: signal.id });
      }
    }
    const count = (kind: SignalKind) => members.filter((signal) => signal.kind === kind).length;
    const times = members.map((signal) => signal.createdAt).sort();
    return {
      id: Math.min(...members.map((signal) => signal.id)),
      signalIds: members.map((signal) => signal.id),
      wordings: [...wordings.values()].sort((a, b) => b.count - a.count || b.lastId - a.lastId).map(({ text, key, count: n }) => ({ text, key, count: n })),
      counts: { miss: count('miss'), 'near-miss': count('near-miss'), unhelpful: count('unhelpful'), total: members.length },
      members: new Set(members.map((signal) => `${signal.guildId}/${signal.userId}`)).size,
      servers: new Set(members.map((signal) => signal.guildId)).size,
      closestIds: byCount(members.flatMap((signal) => (signal.kind !== 'unhelpful' && signal.entryId ? [signal.entryId] : []))),
      unhelpfulIds: byCount(members.flatMap((signal) => (signal.kind === 'unhelpful' && signal.entryId ? [signal.entryId] : []))),
      firstAt: times[0] ?? '',
      lastAt: times.at(-1) ?? '',
    };
  });
  return groups.sort((a, b) => b.counts.total - a.counts.total || b.lastAt.localeCompare(a.lastAt) || a.id - b.id);
}

/** One page of /kb review: a group of similar questions and what the moderator can do with it. */
export interface ReviewPage {
  readonly group: ReviewGroup | null;
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  /** Topics to offer as the alias target, closest first. */
  readonly closest: readonly KnowledgeEntry[];
  /** Titles of the answers members voted down. */
  readonly unhelpfulTitles: readonly string[];
}

/** What the review needs from the knowledge service (entries as a server sees them). */
export interface ReviewKnowledge {
  entry(id: string, guildId: string): KnowledgeEntry | undefined;
  search(question: string, guildId: string, limit: number): SearchResult;
  /** `alongside`: more of the same unit of work, done only if the entry is added. */
  addGuildEntry(entry: KnowledgeEntry & { guildId: string }, alongside?: () => Work<void>): Promise<KnowledgeEntry>;
  /** Brings the index in line with the servers' entries in the shared database (another host's drafts). */
  refresh(): Promise<void>;
}

interface EntryDraft {
  readonly title: string;
  readonly body: string;
}

/** An answer found through a server's alias: the alias is the phrasing it matched, fully. */
function aliasHit(entry: KnowledgeEntry, phrase: string): SearchHit {
  return {
    entry,
    score: 1,
    signals: { phrasing: 1, secondPhrasing: 1, pairs: 1, headCoverage: 1, coverage: 1, wordsMatched: wordingKey(phrase).split(' ').length, phrase, bm25: 1 },
  };
}

/**
 * Learning from members: records what /ask could not answer well in each server, groups it by
 * wording for `/kb review`, and turns a moderator's decision into a server alias or entry.
 */
export function createKbReview({ store, clock, knowledge }: { store: ReviewStore; clock: Clock; knowledge: ReviewKnowledge }) {
  const now = () => clock.now().toISOString();

  const groups = async (guildId: string): Promise<ReviewGroup[]> => summarizeGroups(await store.openSignals(guildId, OPEN_SIGNALS));

  /** The open group holding this signal, only in the server it was recorded in. */
  const group = async (guildId: string, groupId: number): Promise<ReviewGroup> => {
    const signal = await store.signal(guildId, groupId);
    const found = signal && signal.resolution === null ? (await groups(guildId)).find((candidate) => candidate.signalIds.includes(groupId)) : undefined;
    if (!found) throw new UserError('kb.review-gone', 'That group is no longer waiting for review. Run `/kb review` again.');
    return found;
  };

  const requireEntry = (guildId: string, entryId: string): KnowledgeEntry => {
    const entry = knowledge.entry(entryId, guildId);
    if (!entry) throw new UserError('kb.unknown-entry', `I have no topic called \`${oneLine(entryId, 60)}\` in this server. Pick one from the list.`);
    return entry;
  };

  const aliasesOf = (found: ReviewGroup, entryId: string, moderatorId: string) =>
    found.wordings.filter((wording) => wording.key.length > 0).map((wording) => ({ wording: wording.key, phrase: oneLine(wording.text, 100), entryId, addedBy: moderatorId }));

  /** Topics to offer as the alias target: where the misses came closest, then a search on the wording; never an answer voted down. */
  const closestTopics = (guildId: string, found: ReviewGroup, limit = 5): KnowledgeEntry[] => {
    const searched = found.wordings.slice(0, 3).flatMap((wording) => knowledge.search(wording.text, guildId, limit).hits.map((hit) => hit.entry.id));
    const ids = [...new Set([...found.closestIds, ...searched])].filter((id) => !found.unhelpfulIds.includes(id));
    return ids.flatMap((id) => knowledge.entry(id, guildId) ?? []).slice(0, limit);
  };

  return {
    /**
     * After every /ask in a server: a miss, or a near miss (the closest topic just under the threshold,
     * offered as "Did you mean…?"), becomes a signal for review. Words that are no question ("test",
     * "hi") are not: they would bury what members really asked.
     */
    async noteAsk(ask: { guildId: string; userId: string; questionId: number; question: string; result: SearchResult }): Promise<void> {
      const { result } = ask;
      if (result.answer || result.notAQuestion) return;
      const closest = result.nearMiss ?? result.hits[0];
      await store.recordSignal({
        guildId: ask.guildId,
        kind: result.nearMiss ? 'near-miss' : 'miss',
        questionId: ask.questionId,
        question: ask.question,
        entryId: closest?.entry.id ?? null,
        score: closest?.score ?? null,
        userId: ask.userId,
        createdAt: now(),
      });
    },

    /** A "Not helpful" vote on an answered question; a later "Helpful" from the same member takes it back. */
    async noteVote(vote: { guildId: string; userId: string; questionId: number; question: string; entryId: string; score: number | null; helpful: boolean }): Promise<void> {
      if (vote.helpful) {
        await store.withdrawVote(vote.guildId, vote.questionId, vote.userId);
        return;
      }
      const { guildId, userId, questionId, question, entryId, score } = vote;
      await store.recordSignal({ guildId, kind: 'unhelpful', questionId, question, entryId, score, userId, createdAt: now() });
    },

    /** The entry a server's moderators chose for exactly this wording, if it still exists there. */
    async aliasAnswer(guildId: string, question: string): Promise<SearchHit | null> {
      const key = wordingKey(question);
      const alias = key ? await store.alias(guildId, key) : undefined;
      const entry = alias && knowledge.entry(alias.entryId, guildId);
      return entry ? aliasHit(entry, alias.phrase) : null;
    },

    groups,
    group,

    closestTopics,

    /** Page `requested` of the server's groups (one group a page), clamped to the pages there are. */
    async page(guildId: string, requested: number): Promise<ReviewPage> {
      await knowledge.refresh();
      const all = await groups(guildId);
      const pages = Math.max(1, all.length);
      const page = Math.min(Math.max(1, requested), pages);
      const group = all[page - 1] ?? null;
      return {
        group,
        page,
        pages,
        closest: group ? closestTopics(guildId, group) : [],
        unhelpfulTitles: (group?.unhelpfulIds ?? []).flatMap((id) => knowledge.entry(id, guildId)?.title ?? []),
      };
    },

    /** A topic a moderator typed: its id, or the best match for the words. */
    findEntry(guildId: string, typed: string): KnowledgeEntry {
      const trimmed = typed.trim();
      const entry = knowledge.entry(trimmed.toLowerCase(), guildId) ?? knowledge.search(trimmed, guildId, 1).hits[0]?.entry;
      if (!entry) throw new UserError('kb.unknown-entry', `No topic matches \`${oneLine(trimmed, 60)}\`. Try its id from \`/cto list\`.`);
      return entry;
    },

    /** Every wording of the group answers with the entry in this server from now on. */
    async addAlias(guildId: string, groupId: number, entryId: string, moderatorId: string): Promise<{ entry: KnowledgeEntry; wordings: string[] }> {
      await knowledge.refresh();
      const found = await group(guildId, groupId);
      const entry = requireEntry(guildId, entryId);
      const aliases = aliasesOf(found, entry.id, moderatorId);
      if (aliases.length === 0) throw new UserError('kb.review-no-words', 'These questions have no words to match: dismiss them instead.');
      await store.resolve(guildId, found.signalIds, 'alias', now(), aliases);
      return { entry, wordings: aliases.map((alias) => alias.phrase) };
    },

    /** A new server-local entry answering the group, with its wordings as aliases. */
    async draftEntry(guildId: string, groupId: number, draft: EntryDraft, moderatorId: string): Promise<KnowledgeEntry> {
      await knowledge.refresh();
      const found = await group(guildId, groupId);
      const id = `review-${found.id}`;
      if (knowledge.entry(id, guildId)) throw new UserError('kb.review-drafted', `This group already has an entry, \`${id}\`.`);
      const body = truncate(draft.body.trim(), BODY_MAX_CHARS);
      const entry: KnowledgeEntry & { guildId: string } = {
        id,
        title: oneLine(draft.title, 100),
        summary: oneLine(body, 300),
        body,
        aliases: found.wordings.map((wording) => oneLine(wording.text, 100)).slice(0, 30),
        tags: [DRAFT_TAG],
        related: found.closestIds.filter((id) => knowledge.entry(id, guildId)).slice(0, 3),
        guildId,
        authorId: moderatorId,
      };
      // The entry and the signals it answers together: never an entry with its group still open.
      await knowledge.addGuildEntry(entry, () => store.resolveStep(guildId, found.signalIds, 'entry', now(), aliasesOf(found, entry.id, moderatorId)));
      return entry;
    },

    async dismiss(guildId: string, groupId: number): Promise<ReviewGroup> {
      const found = await group(guildId, groupId);
      await store.resolve(guildId, found.signalIds, 'dismissed', now());
      return found;
    },

    aliases: (guildId: string) => store.guildAliases(guildId),
  };
}

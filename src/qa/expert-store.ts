import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';

/** A server's expert-routing settings (/qa setup expert-limit, escalate-after). */
export interface ExpertSettings {
  /** Notifications a member gets at most per UTC day in this server. */
  readonly dailyLimit: number;
  /** Hours without an answer before a question escalates; 0: never. */
  readonly escalateAfterHours: number;
}

const DEFAULT_EXPERT_SETTINGS: ExpertSettings = { dailyLimit: 3, escalateAfterHours: 24 };

/** An opted-in member whose topics match a question, with what the rotation orders by. */
interface ExpertCandidate {
  readonly userId: string;
  /** Their last notification in this server (any question), null if never: never-notified go first. */
  readonly lastNotifiedAt: string | null;
  /** Notifications counted against today's limit. */
  readonly today: number;
}

type EscalationKind = 'experts' | 'moderators' | 'nobody' | 'not-needed';

interface DueEscalation {
  readonly questionId: number;
  readonly guildId: string;
  readonly topics: readonly string[];
}

export interface ClaimedNotification {
  readonly questionId: number;
  readonly userId: string;
  readonly guildId: string;
  readonly stage: 'new' | 'escalation';
  readonly nonce: string;
  readonly claimedAt: string;
}

export interface ClaimedModeratorPost {
  readonly questionId: number;
  readonly guildId: string;
  readonly nonce: string;
  readonly claimedAt: string;
}

/** SQL of expert routing: members' topics, the settings, which questions were routed and escalated, and each notification's claim. */
export function createExpertStore(db: Db) {
  const statements = {
    topics: db.prepare<[string, string], { topic: string }>('SELECT topic FROM qa_expert_topics WHERE guild_id = ? AND user_id = ? ORDER BY topic'),
    addTopic: db.prepare<[string, string, string, string]>('INSERT OR IGNORE INTO qa_expert_topics (guild_id, user_id, topic, created_at) VALUES (?, ?, ?, ?)'),
    removeTopic: db.prepare<[string, string, string]>('DELETE FROM qa_expert_topics WHERE guild_id = ? AND user_id = ? AND topic = ?'),
    removeAll: db.prepare<[string, string]>('DELETE FROM qa_expert_topics WHERE guild_id = ? AND user_id = ?'),
    anyExpert: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM qa_expert_topics WHERE guild_id = ? LIMIT 1'),
    settings: db.prepare<[string], ExpertSettings>('SELECT daily_limit AS dailyLimit, escalate_after_hours AS escalateAfterHours FROM qa_expert_settings WHERE guild_id = ?'),
    saveSettings: db.prepare<{ guildId: string; dailyLimit: number; escalateAfterHours: number; updatedBy: string; updatedAt: string }>(
      `INSERT INTO qa_expert_settings (guild_id, daily_limit, escalate_after_hours, updated_by, updated_at)
       VALUES (@guildId, @dailyLimit, @escalateAfterHours, @updatedBy, @updatedAt)
       ON CONFLICT (guild_id) DO UPDATE SET daily_limit = excluded.daily_limit, escalate_after_hours = excluded.escalate_after_hours,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    // Posted since `since` (older ones were around before routing started or are long past their moment).
    unrouted: db.prepare<{ since: string; after: number; limit: number }, { id: number; guildId: string }>(
      `SELECT q.id, q.guild_id AS guildId FROM qa_questions q
       WHERE q.id > @after AND q.created_at >= @since AND q.publication = 'posted' AND q.deleted_at IS NULL AND q.merged_into IS NULL
         AND NOT EXISTS (SELECT 1 FROM qa_expert_routes r WHERE r.question_id = q.id)
       ORDER BY q.id LIMIT @limit`,
    ),
    insertRoute: db.prepare<{ questionId: number; guildId: string; topics: string; routedAt: string; escalateAt: string | null }>(
      'INSERT OR IGNORE INTO qa_expert_routes (question_id, guild_id, topics, routed_at, escalate_at) VALUES (@questionId, @guildId, @topics, @routedAt, @escalateAt)',
    ),
    candidates: db.prepare<{ guildId: string; topics: string; questionId: number; day: string }, ExpertCandidate>(
      `SELECT t.user_id AS userId,
         (SELECT max(n.claimed_at) FROM qa_expert_notifications n WHERE n.guild_id = t.guild_id AND n.user_id = t.user_id) AS lastNotifiedAt,
         (SELECT count(*) FROM qa_expert_notifications n WHERE n.guild_id = t.guild_id AND n.user_id = t.user_id AND n.day = @day AND n.state <> 'failed') AS today
       FROM qa_expert_topics t
       WHERE t.guild_id = @guildId AND t.topic IN (SELECT value FROM json_each(@topics))
         AND NOT EXISTS (SELECT 1 FROM qa_expert_notifications n WHERE n.question_id = @questionId AND n.user_id = t.user_id)
         AND NOT EXISTS (SELECT 1 FROM qa_answers a WHERE a.question_id = @questionId AND a.author_id = t.user_id)
       GROUP BY t.user_id
       ORDER BY lastNotifiedAt IS NOT NULL, lastNotifiedAt, min(t.created_at), t.user_id`,
    ),
    countToday: db.prepare<[string, string, string], { count: number }>(
      "SELECT count(*) AS count FROM qa_expert_notifications WHERE guild_id = ? AND user_id = ? AND day = ? AND state <> 'failed'",
    ),
    claimNotification: db.prepare<{ questionId: number; userId: string; guildId: string; stage: string; day: string; nonce: string; at: string }>(
      `INSERT OR IGNORE INTO qa_expert_notifications (question_id, user_id, guild_id, stage, day, nonce, claimed_at)
       VALUES (@questionId, @userId, @guildId, @stage, @day, @nonce, @at)`,
    ),
    finishNotification: db.prepare<{ questionId: number; userId: string; state: 'sent' | 'failed'; at: string }>(
      "UPDATE qa_expert_notifications SET state = @state, sent_at = @at WHERE question_id = @questionId AND user_id = @userId AND state = 'claimed'",
    ),
    claimedNotifications: db.prepare<{ before: string; after: number; limit: number }, ClaimedNotification>(
      `SELECT question_id AS questionId, user_id AS userId, guild_id AS guildId, stage, nonce, claimed_at AS claimedAt
       FROM qa_expert_notifications WHERE state = 'claimed' AND claimed_at <= @before AND question_id > @after ORDER BY question_id LIMIT @limit`,
    ),
    dueEscalations: db.prepare<{ now: string; after: number; limit: number }, { questionId: number; guildId: string; topics: string }>(
      `SELECT question_id AS questionId, guild_id AS guildId, topics FROM qa_expert_routes
       WHERE escalated_at IS NULL AND escalate_at IS NOT NULL AND escalate_at <= @now AND question_id > @after ORDER BY question_id LIMIT @limit`,
    ),
    nextEscalation: db.prepare<[], { at: string | null }>('SELECT min(escalate_at) AS at FROM qa_expert_routes WHERE escalated_at IS NULL AND escalate_at IS NOT NULL'),
    claimEscalation: db.prepare<{ questionId: number; at: string; escalation: EscalationKind; post: 'claimed' | null; nonce: string | null }>(
      `UPDATE qa_expert_routes SET escalated_at = @at, escalation = @escalation, escalation_post = @post, escalation_nonce = @nonce
       WHERE question_id = @questionId AND escalated_at IS NULL`,
    ),
    claimedPosts: db.prepare<{ after: number; limit: number }, ClaimedModeratorPost>(
      `SELECT question_id AS questionId, guild_id AS guildId, escalation_nonce AS nonce, escalated_at AS claimedAt
       FROM qa_expert_routes WHERE escalation_post = 'claimed' AND question_id > @after ORDER BY question_id LIMIT @limit`,
    ),
    finishPost: db.prepare<{ questionId: number; state: 'sent' | 'failed'; messageId: string | null }>(
      "UPDATE qa_expert_routes SET escalation_post = @state, escalation_message = @messageId WHERE question_id = @questionId AND escalation_post = 'claimed'",
    ),
    liveAnswers: db.prepare<[number], { count: number }>('SELECT count(*) AS count FROM qa_answers WHERE question_id = ? AND deleted_at IS NULL'),
  };

  return {
    topics: (guildId: string, userId: string): string[] => statements.topics.all(guildId, userId).map((row) => row.topic),
    /** True when the topic was new for the member. */
    addTopic: (guildId: string, userId: string, topic: string, at: string): boolean => statements.addTopic.run(guildId, userId, topic, at).changes === 1,
    removeTopic: (guildId: string, userId: string, topic: string): boolean => statements.removeTopic.run(guildId, userId, topic).changes === 1,
    /** How many topics the member had. */
    removeAll: (guildId: string, userId: string): number => statements.removeAll.run(guildId, userId).changes,
    /** Whether anyone in the server follows a topic (else a question's topics are not worth searching for). */
    anyExpert: (guildId: string): boolean => statements.anyExpert.get(guildId) !== undefined,
    settings: (guildId: string): ExpertSettings => statements.settings.get(guildId) ?? DEFAULT_EXPERT_SETTINGS,
    saveSettings: (guildId: string, settings: ExpertSettings, updatedBy: string, updatedAt: string): void => {
      statements.saveSettings.run({ guildId, ...settings, updatedBy, updatedAt });
    },
    unrouted: (since: string, limit: number, owned: Owned) => ownedPage((after) => statements.unrouted.all({ since, after, limit }), (row) => row.id, limit, owned),
    /** True when this call routed the question (a second tick, or another process, finds it done). */
    insertRoute: (route: { questionId: number; guildId: string; topics: readonly string[]; routedAt: string; escalateAt: string | null }): boolean =>
      statements.insertRoute.run({ ...route, topics: JSON.stringify(route.topics) }).changes === 1,
    /** Opted-in members of these topics not yet told about the question and who did not answer it, in rotation order. */
    candidates: (guildId: string, topics: readonly string[], questionId: number, day: string): ExpertCandidate[] =>
      statements.candidates.all({ guildId, topics: JSON.stringify(topics), questionId, day }),
    countToday: (guildId: string, userId: string, day: string): number => statements.countToday.get(guildId, userId, day)?.count ?? 0,
    /** True when claimed now; false when the member already has this question's notification. */
    claimNotification: (claim: { questionId: number; userId: string; guildId: string; stage: 'new' | 'escalation'; day: string; nonce: string; at: string }): boolean =>
      statements.claimNotification.run(claim).changes === 1,
    finishNotification: (questionId: number, userId: string, state: 'sent' | 'failed', at: string): void => {
      statements.finishNotification.run({ questionId, userId, state, at });
    },
    /** Claims no tick finished (a crash, a Discord failure), claimed no later than `before`. */
    // Paged by question: claims of a question cut by a page's end wait for the next tick.
    claimedNotifications: (before: string, limit: number, owned: Owned): ClaimedNotification[] =>
      ownedPage((after) => statements.claimedNotifications.all({ before, after, limit }), (row) => row.questionId, limit, owned),
    dueEscalations: (now: string, limit: number, owned: Owned): DueEscalation[] =>
      ownedPage((after) => statements.dueEscalations.all({ now, after, limit }), (row) => row.questionId, limit, owned).map((row) => ({ ...row, topics: JSON.parse(row.topics) as string[] })),
    nextEscalationAt: (): string | null => statements.nextEscalation.get()?.at ?? null,
    /** True when this call escalated the question: it escalates once. */
    claimEscalation: (questionId: number, at: string, escalation: EscalationKind, post: { nonce: string } | null = null): boolean =>
      statements.claimEscalation.run({ questionId, at, escalation, post: post ? 'claimed' : null, nonce: post?.nonce ?? null }).changes === 1,
    claimedPosts: (limit: number, owned: Owned): ClaimedModeratorPost[] => ownedPage((after) => statements.claimedPosts.all({ after, limit }), (row) => row.questionId, limit, owned),
    finishPost: (questionId: number, state: 'sent' | 'failed', messageId: string | null = null): void => {
      statements.finishPost.run({ questionId, state, messageId });
    },
    liveAnswers: (questionId: number): number => statements.liveAnswers.get(questionId)?.count ?? 0,
  };
}

export type ExpertStore = ReturnType<typeof createExpertStore>;

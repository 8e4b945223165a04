import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';

type VoteTarget = 'question' | 'answer';
type NotificationState = 'queued' | 'sending' | 'sent' | 'mentioned' | 'failed';

interface QueuedNotification {
  readonly answerId: number;
  readonly userId: string;
  /** False for the anonymous asker: told by DM only, never mentioned in public. */
  readonly mayMention: boolean;
}

/** SQL for votes, follows, answer notifications and the members who turned them off. */
export function createEngagementStore(db: Db) {
  const statements = {
    hasVote: db.prepare<[VoteTarget, number, string], { one: number }>('SELECT 1 AS one FROM qa_votes WHERE target = ? AND target_id = ? AND user_id = ?'),
    addVote: db.prepare<[string, VoteTarget, number, string, string]>(
      'INSERT OR IGNORE INTO qa_votes (guild_id, target, target_id, user_id, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    removeVote: db.prepare<[VoteTarget, number, string]>('DELETE FROM qa_votes WHERE target = ? AND target_id = ? AND user_id = ?'),
    votes: db.prepare<[VoteTarget, number], { count: number }>('SELECT count(*) AS count FROM qa_votes WHERE target = ? AND target_id = ?'),
    voters: db.prepare<[number], { userId: string; createdAt: string }>(
      "SELECT user_id AS userId, created_at AS createdAt FROM qa_votes WHERE target = 'question' AND target_id = ? ORDER BY user_id",
    ),
    moveQuestionVotes: db.prepare<{ from: number; to: number; excluded: string }>(
      `INSERT OR IGNORE INTO qa_votes (guild_id, target, target_id, user_id, created_at)
       SELECT guild_id, 'question', @to, user_id, created_at FROM qa_votes WHERE target = 'question' AND target_id = @from AND user_id <> @excluded`,
    ),
    dropQuestionVotes: db.prepare<[number]>("DELETE FROM qa_votes WHERE target = 'question' AND target_id = ?"),
    isFollowing: db.prepare<[number, string], { one: number }>('SELECT 1 AS one FROM qa_follows WHERE question_id = ? AND user_id = ?'),
    follow: db.prepare<[number, string, string]>('INSERT OR IGNORE INTO qa_follows (question_id, user_id, created_at) VALUES (?, ?, ?)'),
    unfollow: db.prepare<[number, string]>('DELETE FROM qa_follows WHERE question_id = ? AND user_id = ?'),
    followers: db.prepare<[number], { userId: string }>('SELECT user_id AS userId FROM qa_follows WHERE question_id = ? ORDER BY created_at'),
    moveFollows: db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO qa_follows (question_id, user_id, created_at) SELECT ?, user_id, created_at FROM qa_follows WHERE question_id = ?',
    ),
    optedOut: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM qa_notify_optouts WHERE guild_id = ? AND user_id = ?'),
    optOut: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO qa_notify_optouts (guild_id, user_id, created_at) VALUES (?, ?, ?)'),
    optIn: db.prepare<[string, string]>('DELETE FROM qa_notify_optouts WHERE guild_id = ? AND user_id = ?'),
    queue: db.prepare<[number, string, number, string]>(
      'INSERT OR IGNORE INTO qa_notifications (answer_id, user_id, may_mention, created_at) VALUES (?, ?, ?, ?)',
    ),
    claim: db.prepare<[number], { answerId: number; userId: string; mayMention: number }>(
      `UPDATE qa_notifications SET state = 'sending' WHERE answer_id = ? AND state = 'queued'
       RETURNING answer_id AS answerId, user_id AS userId, may_mention AS mayMention`,
    ),
    finish: db.prepare<[NotificationState, string, number, string]>('UPDATE qa_notifications SET state = ?, sent_at = ? WHERE answer_id = ? AND user_id = ?'),
    withQueued: db.prepare<{ after: number; limit: number }, { answerId: number; guildId: string }>(
      `SELECT DISTINCT n.answer_id AS answerId, a.guild_id AS guildId FROM qa_notifications n JOIN qa_answers a ON a.id = n.answer_id
        WHERE n.state = 'queued' AND n.answer_id > @after ORDER BY n.answer_id LIMIT @limit`,
    ),
    states: db.prepare<[number], { userId: string; state: NotificationState }>('SELECT user_id AS userId, state FROM qa_notifications WHERE answer_id = ? ORDER BY user_id'),
  };
  const exists = (row: { one: number } | undefined) => row !== undefined;

  return {
    hasVote: (target: VoteTarget, targetId: number, userId: string): boolean => exists(statements.hasVote.get(target, targetId, userId)),
    addVote: (guildId: string, target: VoteTarget, targetId: number, userId: string, at: string): void => {
      statements.addVote.run(guildId, target, targetId, userId, at);
    },
    removeVote: (target: VoteTarget, targetId: number, userId: string): void => {
      statements.removeVote.run(target, targetId, userId);
    },
    votes: (target: VoteTarget, targetId: number): number => statements.votes.get(target, targetId)?.count ?? 0,
    /** Who upvoted a question and when (what a merge's undo puts back). */
    questionVoters: (questionId: number): { userId: string; createdAt: string }[] => statements.voters.all(questionId),
    /** A merge: upvotes of the duplicate count for the target, except the target asker's own. */
    moveQuestionVotes(from: number, to: number, targetAskerId: string): void {
      statements.moveQuestionVotes.run({ from, to, excluded: targetAskerId });
      statements.dropQuestionVotes.run(from);
    },
    isFollowing: (questionId: number, userId: string): boolean => exists(statements.isFollowing.get(questionId, userId)),
    follow: (questionId: number, userId: string, at: string): void => {
      statements.follow.run(questionId, userId, at);
    },
    unfollow: (questionId: number, userId: string): void => {
      statements.unfollow.run(questionId, userId);
    },
    followers: (questionId: number): string[] => statements.followers.all(questionId).map((row) => row.userId),
    moveFollows: (from: number, to: number): void => {
      statements.moveFollows.run(to, from);
    },
    optedOut: (guildId: string, userId: string): boolean => exists(statements.optedOut.get(guildId, userId)),
    setNotifications(guildId: string, userId: string, enabled: boolean, at: string): void {
      if (enabled) statements.optIn.run(guildId, userId);
      else statements.optOut.run(guildId, userId, at);
    },
    queueNotification: (answerId: number, userId: string, mayMention: boolean, at: string): void => {
      statements.queue.run(answerId, userId, mayMention ? 1 : 0, at);
    },
    /** Takes the queued notifications of an answer: each is sent at most once, even by two processes. */
    claimNotifications: (answerId: number): QueuedNotification[] =>
      statements.claim.all(answerId).map((row) => ({ answerId: row.answerId, userId: row.userId, mayMention: row.mayMention === 1 })),
    finishNotification: (answerId: number, userId: string, state: NotificationState, at: string): void => {
      statements.finish.run(state, at, answerId, userId);
    },
    /** Up to `limit` answers of this shard's servers with notifications still queued, paging past other shards'. */
    answersWithQueuedNotifications: (limit: number, owned: Owned): { answerId: number; guildId: string }[] =>
      ownedPage((after) => statements.withQueued.all({ after, limit }), (row) => row.answerId, limit, owned),
    notificationStates: (answerId: number) => statements.states.all(answerId),
  };
}

export type EngagementStore = ReturnType<typeof createEngagementStore>;

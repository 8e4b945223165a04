import type { Db } from '../db/index.js';
import { found } from '../core/errors.js';

type DigestState = 'claimed' | 'posted' | 'skipped' | 'abandoned';

interface DigestClaim {
  readonly guildId: string;
  readonly week: string;
  readonly nonce: string;
  readonly state: DigestState;
  readonly attempts: number;
  readonly claimedAt: string;
  readonly messageId: string | null;
}

/** SQL for the weekly digest's claims: one row per (server, week), written before anything is sent. */
export function createDigestStore(db: Db) {
  const statements = {
    get: db.prepare<[string, string], DigestClaim>(
      'SELECT guild_id AS guildId, week, nonce, state, attempts, claimed_at AS claimedAt, message_id AS messageId FROM qa_digest_posts WHERE guild_id = ? AND week = ?',
    ),
    insert: db.prepare<[string, string, string, string]>(
      "INSERT INTO qa_digest_posts (guild_id, week, nonce, state, claimed_at) VALUES (?, ?, ?, 'claimed', ?)",
    ),
    reclaim: db.prepare<[string, string]>("UPDATE qa_digest_posts SET attempts = attempts + 1 WHERE guild_id = ? AND week = ? AND state = 'claimed'"),
    complete: db.prepare<[string, string, string, string, string]>(
      "UPDATE qa_digest_posts SET state = 'posted', channel_id = ?, message_id = ?, posted_at = ? WHERE guild_id = ? AND week = ?",
    ),
    recordedPost: db.prepare<[string, string], { found: number }>("SELECT 1 AS found FROM qa_digest_posts WHERE guild_id = ? AND message_id = ?"),
    close: db.prepare<[DigestState, string, string]>("UPDATE qa_digest_posts SET state = ? WHERE guild_id = ? AND week = ? AND state = 'claimed'"),
  };
  return {
    /**
     * Claims a server's digest for a week (in the caller's transaction). A posted (or given-up) week is
     * returned as it is; an unfinished claim is taken again with the same nonce, so a resend cannot double-post.
     */
    claim: (guildId: string, week: string, nonce: string, at: string): DigestClaim => {
      const existing = statements.get.get(guildId, week);
      if (existing && existing.state !== 'claimed') return existing;
      if (existing) statements.reclaim.run(guildId, week);
      else statements.insert.run(guildId, week, nonce, at);
      return found(statements.get.get(guildId, week), 'digest claim', guildId, week);
    },
    complete: (guildId: string, week: string, channelId: string, messageId: string, at: string): void => {
      statements.complete.run(channelId, messageId, at, guildId, week);
    },
    /** A week with nothing to say (skipped) or that Discord refused (abandoned). */
    close: (guildId: string, week: string, state: 'skipped' | 'abandoned'): void => {
      statements.close.run(state, guildId, week);
    },
    get: (guildId: string, week: string): DigestClaim | undefined => statements.get.get(guildId, week),
    /** Whether a message is already some week's recorded digest in this server. */
    isRecordedPost: (guildId: string, messageId: string): boolean => statements.recordedPost.get(guildId, messageId) !== undefined,
  };
}

export type DigestStore = ReturnType<typeof createDigestStore>;

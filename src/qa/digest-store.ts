import type { Selectable } from 'kysely';
import { changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
import { found } from '../core/errors.js';

type DigestRow = Selectable<DatabaseSchema['qa_digest_posts']>;

interface DigestClaim {
  readonly guildId: string;
  readonly week: string;
  readonly nonce: string;
  readonly state: DigestRow['state'];
  readonly attempts: number;
  readonly claimedAt: string;
  readonly messageId: string | null;
}

/**
 * SQL for the weekly digest's claims, on SQLite and PostgreSQL alike: one row per (server, week),
 * written before anything is sent.
 */
export function createDigestStore({ kysely: db, dialect }: SqlDatabase) {
  const postgres = dialect === 'postgres';
  const claimQuery = (guildId: string, week: string) => db.selectFrom('qa_digest_posts').selectAll().where('guild_id', '=', guildId).where('week', '=', week);

  return {
    /**
     * Claims a server's digest for a week (in the caller's unit of work). A posted (or given-up) week
     * is returned as it is; an unfinished claim is taken again with the same nonce, so a resend cannot
     * double-post. Null when another host holds the server's settings row right now (PostgreSQL: it
     * is skipped, not waited for), the digest moved on from `week`, or a racing claim took it first.
     */
    *claim(guildId: string, week: string, nonce: string, at: string): Work<DigestClaim | null> {
      const server = yield* first(
        db
          .selectFrom('qa_settings')
          .select('guild_id')
          .where('guild_id', '=', guildId)
          .where('digest_week', '=', week)
          .$if(postgres, (query) => query.forUpdate().skipLocked()),
      );
      if (!server) return null;
      const existing = yield* first(claimQuery(guildId, week));
      if (existing && existing.state !== 'claimed') return toClaim(existing);
      const taken = existing
        ? // Compare-and-set on attempts: of two hosts resuming the same claim, one takes it.
          yield* changed(
            db
              .updateTable('qa_digest_posts')
              .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
              .where('guild_id', '=', guildId)
              .where('week', '=', week)
              .where('state', '=', 'claimed')
              .where('attempts', '=', existing.attempts),
          )
        : yield* changed(
            db
              .insertInto('qa_digest_posts')
              .values({ guild_id: guildId, week, nonce, state: 'claimed', claimed_at: at })
              .onConflict((conflict) => conflict.columns(['guild_id', 'week']).doNothing()),
          );
      if (taken === 0) return null;
      return toClaim(found(yield* first(claimQuery(guildId, week)), 'digest claim', guildId, week));
    },

    *complete(guildId: string, week: string, channelId: string, messageId: string, at: string): Work<void> {
      yield* changed(
        db.updateTable('qa_digest_posts').set({ state: 'posted', channel_id: channelId, message_id: messageId, posted_at: at }).where('guild_id', '=', guildId).where('week', '=', week),
      );
    },

    /** A week with nothing to say (skipped) or that Discord refused (abandoned). */
    *close(guildId: string, week: string, state: 'skipped' | 'abandoned'): Work<void> {
      yield* changed(db.updateTable('qa_digest_posts').set({ state }).where('guild_id', '=', guildId).where('week', '=', week).where('state', '=', 'claimed'));
    },

    *get(guildId: string, week: string): Work<DigestClaim | undefined> {
      const row = yield* first(claimQuery(guildId, week));
      return row && toClaim(row);
    },

    /** Whether a message is already some week's recorded digest in this server. */
    *isRecordedPost(guildId: string, messageId: string): Work<boolean> {
      return (yield* first(db.selectFrom('qa_digest_posts').select('week').where('guild_id', '=', guildId).where('message_id', '=', messageId))) !== undefined;
    },
  };
}

function toClaim(row: DigestRow): DigestClaim {
  return { guildId: row.guild_id, week: row.week, nonce: row.nonce, state: row.state, attempts: row.attempts, claimedAt: row.claimed_at, messageId: row.message_id };
}

export type DigestStore = ReturnType<typeof createDigestStore>;

import { all, changed, first, type SqlDatabase } from '../db/sql/dialect.js';

/** One IDENTIFY the bot sent: when (epoch ms, real time) and for which shard. */
export interface IdentifyRecord {
  readonly at: number;
  readonly shardId: number;
}

/** What a host sees while it holds its bucket's row: every host's identifies since `since`, and the bucket's last one. */
interface IdentifyHistory {
  readonly recent: readonly IdentifyRecord[];
  readonly lastInBucket: IdentifyRecord | null;
}

interface SlotRequest {
  readonly bucket: number;
  readonly shardId: number;
  readonly now: number;
  /** Identifies older than this are forgotten (and deleted when a slot is taken). */
  readonly since: number;
}

/** Whether to identify now (`go`), and what to tell the caller; decided once, with the bucket's row held. */
type Decision<V> = (history: IdentifyHistory) => { readonly go: boolean; readonly verdict: V };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The only module that speaks SQL for the identify ledger, which every host and shard process of one
 * application shares. Taking a slot is one unit of work holding the bucket's row (FOR UPDATE on
 * PostgreSQL; SQLite's IMMEDIATE transaction serialises every writer), so of two hosts deciding at
 * once for the same bucket, the second sees the first's identify. Different buckets decide in
 * parallel, as Discord lets them identify: hosts deciding in the same instant on PostgreSQL may
 * then pass the hourly pace by up to max_concurrency − 1; the daily budget's reserve (one per shard,
 * from Discord's own count) still holds.
 */
export function createIdentifyStore(database: SqlDatabase, applicationId: string) {
  const { kysely: db } = database;
  const postgres = database.dialect === 'postgres';
  const bucketRow = (bucket: number) => db.selectFrom('gateway_identify_buckets').select(['shard_id', 'identified_at']).where('application_id', '=', applicationId).where('bucket', '=', bucket);

  return {
    /** Records the identify when `decide` says go; returns its verdict either way. */
    takeSlot: <V>(request: SlotRequest, decide: Decision<V>): Promise<V> =>
      database.transaction(function* () {
        const { bucket, shardId, now, since } = request;
        yield* changed(
          db
            .insertInto('gateway_identify_buckets')
            .values({ application_id: applicationId, bucket, shard_id: null, identified_at: null })
            .onConflict((conflict) => conflict.columns(['application_id', 'bucket']).doNothing()),
        );
        const held = yield* first(bucketRow(bucket).$if(postgres, (query) => query.forUpdate()));
        const rows = yield* all(
          db
            .selectFrom('gateway_identifies')
            .select(['shard_id', 'identified_at'])
            .where('application_id', '=', applicationId)
            .where('identified_at', '>', iso(since))
            .orderBy('identified_at'),
        );
        const lastInBucket = held?.identified_at != null && held.shard_id !== null ? { at: Date.parse(held.identified_at), shardId: held.shard_id } : null;
        const { go, verdict } = decide({ recent: rows.map((row) => ({ at: Date.parse(row.identified_at), shardId: row.shard_id })), lastInBucket });
        if (!go) return verdict;
        yield* changed(
          db
            .updateTable('gateway_identify_buckets')
            .set({ shard_id: shardId, identified_at: iso(now) })
            .where('application_id', '=', applicationId)
            .where('bucket', '=', bucket),
        );
        yield* changed(db.insertInto('gateway_identifies').values({ application_id: applicationId, shard_id: shardId, identified_at: iso(now) }));
        yield* changed(db.deleteFrom('gateway_identifies').where('application_id', '=', applicationId).where('identified_at', '<=', iso(since)));
        return verdict;
      }),
  };
}

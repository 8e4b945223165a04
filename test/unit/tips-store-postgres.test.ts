import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tipNonce } from '../../src/tips/nonce.js';
import { createTipsStore } from '../../src/tips/tips-store.js';
import { usePostgres } from '../support/postgres.js';
import { GUILD, setUpTips, tipHarness } from '../support/tips.js';

const postgres = usePostgres();
const WEDNESDAY_0800 = '2025-01-15T08:00:00Z';
const DAY = '2025-01-15';

/** What only PostgreSQL has to show: hosts on separate connections claiming the same server. */
describe('tips claims on PostgreSQL, between hosts', () => {
  const claimToday = (store: ReturnType<typeof createTipsStore>) =>
    store.claimDay({ guildId: GUILD, localDate: DAY, nonce: tipNonce(GUILD, DAY), at: new Date('2025-01-15T09:00:00Z'), owner: 'host-a', leaseUntil: new Date('2025-01-15T09:02:00Z'), chooseTip: (_counts, previous) => previous ?? 'people-tip-1' });

  it('GIVEN another host holds the schedule row WHEN this host claims THEN it skips the server at once, and claims it once released', async () => {
    const h = await tipHarness(WEDNESDAY_0800, {}, () => postgres.freshDatabase());
    await setUpTips(h.service);
    const store = createTipsStore(h.database);
    await h.database.kysely.connection().execute(async (other) => {
      await sql`BEGIN`.execute(other);
      await sql`SELECT guild_id FROM tip_schedules WHERE guild_id = ${GUILD} FOR UPDATE`.execute(other);
      expect(await claimToday(store)).toBeNull();
      await sql`ROLLBACK`.execute(other);
    });
    expect(await claimToday(store)).toMatchObject({ guildId: GUILD, localDate: DAY, state: 'claimed', attempts: 1 });
  });

  it('GIVEN two hosts claiming the same day at the same moment THEN there is one claim: the other host skips it or resumes it with the same nonce and tip', async () => {
    const h = await tipHarness(WEDNESDAY_0800, {}, () => postgres.freshDatabase());
    await setUpTips(h.service);
    const [one, other] = [createTipsStore(h.database), createTipsStore(h.database)];
    for (let round = 0; round < 5; round += 1) {
      await sql`DELETE FROM tip_posts`.execute(h.database.kysely);
      const claims = (await Promise.all([claimToday(one), claimToday(other)])).filter((claim) => claim !== null);
      expect(claims.length).toBeGreaterThanOrEqual(1);
      expect(new Set(claims.map((claim) => `${claim.nonce} ${claim.tipId}`)).size).toBe(1);
      const rows = await h.database.kysely.selectFrom('tip_posts').select(['state', 'attempts']).execute();
      expect(rows).toEqual([{ state: 'claimed', attempts: claims.length }]);
    }
  });
});

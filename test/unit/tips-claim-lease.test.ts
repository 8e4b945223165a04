import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/core/clock.js';
import { tipNonce } from '../../src/tips/nonce.js';
import { createTipsStore } from '../../src/tips/tips-store.js';
import { sqlDialects } from '../support/dialects.js';
import { CHANNEL, GUILD, postsOf, setUpTips, tipHarness } from '../support/tips.js';
import { usePostgres } from '../support/postgres.js';

// 2025-01-15 is a Wednesday; the default schedule posts at 09:00 London (= UTC in January).
const WEDNESDAY_0800 = '2025-01-15T08:00:00Z';
const DAY = '2025-01-15';
const LEASE_MS = 2 * MINUTE_MS;

const postgres = usePostgres();

/**
 * Two hosts owning the same server at once (a replacement started before the old host died): each
 * host's tip service on the same database, clock and Discord, as a different claim owner.
 */
describe.each(sqlDialects(postgres))('tip claim leases on %s', (_dialect, open) => {
  const twoHosts = async () => {
    const h = await tipHarness(WEDNESDAY_0800, { claimOwner: 'host-a', claimLeaseMs: LEASE_MS }, open);
    await setUpTips(h.service);
    const hostA = h.service;
    const hostB = h.restart({ claimOwner: 'host-b', claimLeaseMs: LEASE_MS });
    return { h, hostA, hostB };
  };

  it('GIVEN host A claimed today and its send failed for now WHEN host B ticks within the lease THEN B sends nothing, and A resends it itself', async () => {
    const { h, hostA, hostB } = await twoHosts();
    h.poster.failChannel(CHANNEL, 'transient', 1);
    h.clock.set('2025-01-15T09:00:00Z');
    expect(await hostA.postDueTips()).toMatchObject({ retrying: 1 });
    expect(await postsOf(h.database)).toEqual([expect.objectContaining({ state: 'claimed', attempts: 1 })]);

    h.clock.set('2025-01-15T09:01:00Z');
    expect(await hostB.postDueTips()).toMatchObject({ due: 1, posted: 0, retrying: 0 });
    expect(h.poster.attempts).toBe(1);

    // The owner renews its lease with each resend, whenever it comes.
    h.clock.set('2025-01-15T09:01:30Z');
    expect(await hostA.postDueTips()).toMatchObject({ posted: 1 });
    expect(await hostB.postDueTips()).toMatchObject({ due: 0 });
    expect(h.poster.inChannel(CHANNEL)).toHaveLength(1);
    expect(await postsOf(h.database)).toEqual([expect.objectContaining({ state: 'posted', attempts: 2 })]);
  });

  it('GIVEN host A died holding a claim WHEN its lease runs out THEN host B takes it over with the same nonce and tip and posts it once', async () => {
    const { h, hostA, hostB } = await twoHosts();
    h.poster.crashAfter(0);
    h.clock.set('2025-01-15T09:00:00Z');
    await hostA.postDueTips();
    const [claim] = await postsOf(h.database);
    expect(claim).toMatchObject({ state: 'claimed', attempts: 1 });
    h.poster.clearFailures();

    h.clock.set('2025-01-15T09:01:59Z');
    expect(await hostB.postDueTips()).toMatchObject({ due: 1, posted: 0 });
    expect(h.poster.messages).toHaveLength(0);

    h.clock.set('2025-01-15T09:02:00Z');
    expect(await hostB.postDueTips()).toMatchObject({ posted: 1 });
    expect(h.poster.messages.map((message) => message.message.nonce)).toEqual([claim?.nonce]);
    expect(await postsOf(h.database)).toEqual([expect.objectContaining({ state: 'posted', tip_id: claim?.tip_id, nonce: claim?.nonce, attempts: 2 })]);
  });

  it('GIVEN an expired claim WHEN two hosts take it over at the same moment THEN exactly one does, and owns it for a new lease', async () => {
    const { h } = await twoHosts();
    const at = (iso: string) => new Date(iso);
    const claim = (store: ReturnType<typeof createTipsStore>, owner: string, now: string) =>
      store.claimDay({ guildId: GUILD, localDate: DAY, nonce: tipNonce(GUILD, DAY), at: at(now), owner, leaseUntil: new Date(at(now).getTime() + LEASE_MS), chooseTip: (_counts, previous) => previous ?? 'people-tip-1' });
    const [one, other, third] = [createTipsStore(h.database), createTipsStore(h.database), createTipsStore(h.database)];
    expect(await claim(one, 'host-a', '2025-01-15T09:00:00Z')).toMatchObject({ owner: 'host-a', leaseUntil: at('2025-01-15T09:02:00Z'), attempts: 1 });

    const takeovers = await Promise.all([claim(other, 'host-b', '2025-01-15T09:03:00Z'), claim(third, 'host-c', '2025-01-15T09:03:00Z')]);
    const taken = takeovers.filter((post) => post !== null);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ attempts: 2, leaseUntil: at('2025-01-15T09:05:00Z') });
    const winner = taken[0]?.owner ?? '';
    expect(['host-b', 'host-c']).toContain(winner);
    // The old owner, back within the new lease, no longer holds it; the winner does.
    expect(await claim(one, 'host-a', '2025-01-15T09:04:00Z')).toBeNull();
    expect(await claim(one, winner, '2025-01-15T09:04:00Z')).toMatchObject({ owner: winner, attempts: 3 });
  });
});

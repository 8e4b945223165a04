import { describe, expect, it } from 'vitest';
import { tipNonce } from '../../src/tips/nonce.js';
import { nextTipInRotation, rotationOrder } from '../../src/tips/rotation.js';

const IDS = Array.from({ length: 30 }, (_, index) => `tip-${index}`);

describe('rotation order', () => {
  it('GIVEN the same server THEN the order is the same on every call (stable across restarts)', () => {
    expect(rotationOrder('1', IDS)).toEqual(rotationOrder('1', [...IDS].reverse()));
  });

  it('GIVEN another server THEN the order differs', () => {
    expect(rotationOrder('2', IDS)).not.toEqual(rotationOrder('1', IDS));
  });

  it('GIVEN a known server THEN the order is the one servers already follow (the hash must never change)', () => {
    expect(rotationOrder('1234567890123456789', IDS).slice(0, 8)).toEqual(['tip-5', 'tip-3', 'tip-26', 'tip-15', 'tip-21', 'tip-28', 'tip-6', 'tip-14']);
    expect(rotationOrder('direct-messages', IDS).slice(0, 5)).toEqual(['tip-25', 'tip-23', 'tip-29', 'tip-7', 'tip-28']);
  });

  it('GIVEN a new tip THEN the others keep their relative order', () => {
    const before = rotationOrder('1', IDS);
    expect(rotationOrder('1', [...IDS, 'tip-new']).filter((id) => id !== 'tip-new')).toEqual(before);
  });

  it('GIVEN posted counts THEN the next tip is the least-posted one, earliest in the order', () => {
    const order = rotationOrder('1', IDS);
    expect(nextTipInRotation('1', IDS, new Map())).toBe(order[0]);
    const counts = new Map(IDS.map((id) => [id, 1]));
    counts.set(order[7] as string, 0);
    expect(nextTipInRotation('1', IDS, counts)).toBe(order[7]);
  });
});

describe('tipNonce', () => {
  it('GIVEN a server and date THEN is stable, at most 25 characters, and differs per server and per date', () => {
    const nonce = tipNonce('100000000000000001', '2025-01-15');
    expect(nonce).toBe(tipNonce('100000000000000001', '2025-01-15'));
    expect(nonce.length).toBeLessThanOrEqual(25);
    expect(nonce).not.toBe(tipNonce('100000000000000002', '2025-01-15'));
    expect(nonce).not.toBe(tipNonce('100000000000000001', '2025-01-16'));
  });
});

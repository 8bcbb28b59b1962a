/**
 * The write allowances behind PROTOCOL.md H1, without a server: a bucket spends its burst,
 * says how long until the next token, refills at its rate, and the allowances live in
 * bounded memory (full buckets are forgotten first, nothing is lost by that; then the least
 * recently used).
 */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../server/http/TokenBuckets.js';

const rule = { capacity: 3, refillPerMs: 1 / 1_000 };

describe('token buckets', () => {
  it('[H1] a burst is spent, the wait until the next token is told, and the bucket refills at its rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(buckets.waitMs('anna', rule)).toBe(0);
      buckets.take('anna', rule);
    }
    expect(buckets.waitMs('anna', rule)).toBe(1_000);
    expect(buckets.waitMs('jean', rule)).toBe(0);
    now = 400;
    expect(buckets.waitMs('anna', rule)).toBe(600);
    now = 1_000;
    expect(buckets.waitMs('anna', rule)).toBe(0);
    now = 60_000;
    buckets.take('anna', rule);
    buckets.take('anna', rule);
    buckets.take('anna', rule);
    expect(buckets.waitMs('anna', rule)).toBeGreaterThan(0); // never more than its capacity, however long idle
  });

  it('[H1] allowances live in bounded memory: full ones are forgotten first, then the least recently used', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, () => now);
    for (let i = 0; i < 3; i++) buckets.take('busy', rule);
    for (let i = 0; i < 9; i++) buckets.take(`idle ${i}`, rule);
    now = 1_500; // every idle bucket is full again; 'busy' is not
    buckets.take('newcomer', rule);
    expect(buckets.size).toBeLessThanOrEqual(10);
    buckets.take('busy', rule); // 1.5 tokens regained, one taken
    expect(buckets.waitMs('busy', rule)).toBe(500); // remembered: forgetting it would have handed back its burst

    now = 1_600;
    for (let i = 0; i < 10_000; i++) buckets.take(`flood ${i}`, rule);
    expect(buckets.size).toBeLessThanOrEqual(10);
    expect(buckets.waitMs('flood 9999', rule)).toBe(0);
    buckets.take('flood 9999', rule);
    buckets.take('flood 9999', rule);
    expect(buckets.waitMs('flood 9999', rule)).toBe(1_000);
  });
});

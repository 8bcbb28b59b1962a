/**
 * Token buckets by key, in bounded memory. A bucket holds up to `capacity` tokens and
 * regains `refillPerMs` of one each millisecond; a key never seen holds a full bucket. A full
 * bucket is the same as none, so when the map grows past `maxKeys` the full ones are dropped
 * first (nothing is forgotten), then the least recently used.
 */

/** How big a bucket is and how fast it refills. */
export interface BucketRule {
  capacity: number;
  refillPerMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** When the bucket is full again if nothing more is taken. */
  fullAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` holds a whole token; 0 when it holds one now. */
  waitMs(key: string, rule: BucketRule): number {
    const level = this.level(key, rule, this.now());
    return level >= 1 ? 0 : Math.ceil((1 - level) / rule.refillPerMs);
  }

  /** Takes one token from `key` (after waitMs said 0). */
  take(key: string, rule: BucketRule): void {
    const now = this.now();
    const tokens = this.level(key, rule, now) - 1;
    // Re-inserted, so the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: now, fullAt: now + (rule.capacity - tokens) / rule.refillPerMs });
    if (this.buckets.size > this.maxKeys) this.evict(now);
  }

  /** Buckets held in memory. */
  get size(): number {
    return this.buckets.size;
  }

  private level(key: string, rule: BucketRule, now: number): number {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return rule.capacity;
    return Math.min(rule.capacity, bucket.tokens + (now - bucket.at) * rule.refillPerMs);
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(key);
    // Still too many people mid-burst: forget the least recently active tenth at once, so the
    // sweep above does not run again on every write.
    if (this.buckets.size <= this.maxKeys) return;
    let excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (excess-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * Diffs are computed once (M5): a small least-recently-used cache of word diffs, keyed by
 * what a diff was computed from (an amendment and a hash of the text it is compared with,
 * or the hashes of the two texts compared), bounded in entries and in bytes. A key never
 * names a text that could change under it, so nothing is invalidated: stale keys age out.
 *
 * One diff's cost is bounded by MAX_DIFF_EDIT_TOKENS; one request's by a budget: a list or a
 * comparison that has spent DIFF_BUDGET_PER_REQUEST_MS on diffs it had to compute shows the
 * rest coarse (one replacement each, linear, not cached), and the next request goes on
 * where it stopped, from the cache.
 */
import { createHash } from 'node:crypto';
import { coarseDiff, wordDiff, type WordDiff } from '../../shared/wordDiff.js';

/** Diffs kept at most. */
export const DIFF_CACHE_MAX_ENTRIES = 2_000;
/** Bytes of diff text (UTF-16, two per character, plus a little per part) kept at most. */
export const DIFF_CACHE_MAX_BYTES = 32 * 1024 * 1024;
/** Time one request may spend computing diffs that are not in the cache. */
export const DIFF_BUDGET_PER_REQUEST_MS = 10;
/** What one part of a diff costs besides its text, roughly. */
const PART_OVERHEAD_BYTES = 64;

export class DiffCache {
  private readonly entries = new Map<string, { diff: WordDiff; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxEntries = DIFF_CACHE_MAX_ENTRIES,
    readonly maxBytes = DIFF_CACHE_MAX_BYTES,
  ) {}

  get(key: string): WordDiff | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    // Most recently used last: a Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.diff;
  }

  /** Stores the diff (unless it alone is over the byte bound), dropping the least recently used past either bound. */
  set(key: string, diff: WordDiff): void {
    const bytes = sizeOf(key, diff);
    if (bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.total -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, { diff, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }
}

/** Time left for computing diffs in one request. */
export class DiffBudget {
  private spentMs = 0;

  constructor(readonly ms = DIFF_BUDGET_PER_REQUEST_MS) {}

  get exhausted(): boolean {
    return this.spentMs >= this.ms;
  }

  charge(ms: number): void {
    this.spentMs += ms;
  }
}

/** The process's cache, shared by amendments and comparisons (their keys differ by prefix). */
export const diffCache = new DiffCache();

/** The word diff from `before` to `after` stored under `key`, computed (and stored) if the budget allows, else coarse. */
export function cachedWordDiff(key: string, before: string, after: string, budget: DiffBudget, cache = diffCache): WordDiff {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (budget.exhausted) return coarseDiff(before, after);
  const started = performance.now();
  const diff = wordDiff(before, after);
  budget.charge(performance.now() - started);
  cache.set(key, diff);
  return diff;
}

/** A short hash of a text, for cache keys. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function sizeOf(key: string, diff: WordDiff): number {
  let bytes = 2 * key.length + PART_OVERHEAD_BYTES;
  for (const part of diff.parts) bytes += 2 * part.text.length + PART_OVERHEAD_BYTES;
  return bytes;
}

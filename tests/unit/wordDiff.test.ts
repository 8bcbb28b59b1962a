/**
 * The cost bound on diffs (shared/PROTOCOL.md M5), without a server: the diff people read is
 * word by word within MAX_DIFF_EDIT_TOKENS and coarse (sentences, or one replacement) past
 * it, always faithful to both texts; the edits the server applies stay exact; diffs are
 * kept in a cache bounded in entries and bytes; a request's budget makes the rest coarse.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_EDIT_TOKENS } from '../../shared/limits.js';
import type { DiffPart } from '../../shared/workflow.js';
import { commonEnds, wordDiff } from '../../shared/wordDiff.js';
import { cachedWordDiff, DiffBudget, DiffCache } from '../../server/workflow/diffCache.js';
import { textEdits, type TextEdit } from '../../server/workflow/wordDiff.js';
import { longParagraph, longReplacement } from '../../bench/lib/longParagraph.js';

/**
 * A bounded diff of the longest texts, in ms. Unbounded, the 8,000-word case took ~1.3 s; the
 * budget is half that, so it fails an unbounded search and not a busy two-core runner.
 */
const DIFF_BUDGET_MS = 650;

/** The text a diff says was there before, and the one it says is there after. */
function sides(parts: readonly DiffPart[]): { before: string; after: string } {
  return {
    before: parts
      .filter((p) => p.type !== 'insert')
      .map((p) => p.text)
      .join(''),
    after: parts
      .filter((p) => p.type !== 'delete')
      .map((p) => p.text)
      .join(''),
  };
}

function applyEdits(before: string, edits: readonly TextEdit[]): string {
  let at = 0;
  let out = '';
  for (const edit of edits) {
    if (edit.op === 'insert') {
      out += edit.text;
      continue;
    }
    expect(before.slice(at, at + edit.text.length)).toBe(edit.text);
    if (edit.op === 'keep') out += edit.text;
    at += edit.text.length;
  }
  expect(at).toBe(before.length);
  return out;
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

/** `count` sentences of ten words; `changed` of them with every word replaced. */
function sentences(count: number, changed: ReadonlySet<number> = new Set()): string {
  return Array.from(
    { length: count },
    (_, s) => `${Array.from({ length: 10 }, (_, w) => (changed.has(s) ? `new${s}x${w}` : `word${s}x${w}`)).join(' ')}.`,
  ).join(' ');
}

describe('the diff people read (M5)', () => {
  it('[M5] a few changed words are marked word by word, not coarse', () => {
    expect(wordDiff('The participants welcomed the report.', 'The participants warmly welcomed the report of the Secretariat.')).toEqual({
      coarse: false,
      parts: [
        { type: 'equal', text: 'The participants ' },
        { type: 'insert', text: 'warmly ' },
        { type: 'equal', text: 'welcomed the report ' },
        { type: 'insert', text: 'of the Secretariat' },
        { type: 'equal', text: '.' },
      ],
    });
  });

  it('[M5] an 8,000-word paragraph against a ~1,650-word replacement: coarse, faithful to both texts, in bounded time (unbounded it took ~1.3 s)', () => {
    const before = longParagraph();
    wordDiff(longParagraph(2_000, 9), longReplacement(400, 9)); // warm-up: the bound is about the search, not the JIT
    for (const seed of [2, 3, 4]) {
      const after = longReplacement(1_650, seed);
      const { value, ms } = timed(() => wordDiff(before, after));
      expect(value.coarse).toBe(true);
      expect(sides(value.parts)).toEqual({ before, after });
      expect(ms).toBeLessThan(DIFF_BUDGET_MS);
    }
  });

  it('[M5] past the bound, a text with many rewritten sentences is marked by sentence: the unchanged ones stay unchanged', () => {
    const changed = new Set([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34]);
    const before = sentences(40);
    const after = sentences(40, changed);
    // 12 sentences of 10 words each: 240 word edits, past the bound; 24 sentence edits, within it.
    expect(12 * 10 * 2).toBeGreaterThan(MAX_DIFF_EDIT_TOKENS);
    const { coarse, parts } = wordDiff(before, after);
    expect(coarse).toBe(true);
    expect(sides(parts)).toEqual({ before, after });
    const unchanged = parts
      .filter((p) => p.type === 'equal')
      .map((p) => p.text)
      .join('');
    expect(unchanged).toContain('word2x0 word2x1 word2x2 word2x3 word2x4 word2x5 word2x6 word2x7 word2x8 word2x9.');
    expect(
      parts
        .filter((p) => p.type === 'delete')
        .map((p) => p.text)
        .join(''),
    ).not.toContain('word2x');
  });

  it('[M5] the same words in another order: nothing spares the search, and it still stops at the bound', () => {
    const before = longParagraph(4_000, 3);
    const after = before.split(' ').reverse().join(' ');
    wordDiff(longParagraph(1_000, 4), longParagraph(1_000, 4).split(' ').reverse().join(' ')); // warm-up (JIT)
    const { value, ms } = timed(() => wordDiff(before, after));
    expect(value.coarse).toBe(true);
    expect(sides(value.parts)).toEqual({ before, after });
    expect(ms).toBeLessThan(DIFF_BUDGET_MS);
  });

  it('[M5] the coarsest diff keeps the words both texts start and end with, and never splits a word or a surrogate pair', () => {
    expect(commonEnds('The room agreed today.', 'The room disagreed today.')).toEqual(['The room '.length, ' today.'.length]);
    expect(commonEnds('foo bar', 'foo bar baz')).toEqual(['foo bar'.length, 0]);
    expect(commonEnds('x 😀', 'x 😃')).toEqual([2, 0]);
    expect(commonEnds('same', 'same')).toEqual([4, 0]);
    const before = `Opening words stay. ${longParagraph(3_000, 5)} Closing words stay.`;
    const after = `Opening words stay. ${longReplacement(1_000, 6)} Closing words stay.`;
    const { coarse, parts } = wordDiff(before, after);
    expect(coarse).toBe(true);
    expect(parts[0]).toEqual({ type: 'equal', text: 'Opening words stay. ' });
    expect(parts[parts.length - 1]).toEqual({ type: 'equal', text: ' Closing words stay.' });
    expect(sides(parts)).toEqual({ before, after });
  });
});

describe('the edits the server applies (M5)', () => {
  it('[M5] within the bound, word by word; past it, the changed middle as one replacement; exact either way', () => {
    const small = textEdits('They noted the need for co-operation.', 'They noted the urgent need for closer co-operation.');
    expect(small.filter((e) => e.op !== 'keep').map((e) => `${e.op}:${e.text}`)).toEqual(['insert:urgent ', 'insert:closer ']);
    expect(applyEdits('They noted the need for co-operation.', small)).toBe('They noted the urgent need for closer co-operation.');

    const before = `Kept start. ${longParagraph()} Kept end.`;
    const after = `Kept start. ${longReplacement()} Kept end.`;
    const { value: large, ms } = timed(() => textEdits(before, after));
    expect(applyEdits(before, large)).toBe(after);
    expect(large.map((e) => e.op)).toEqual(['keep', 'remove', 'insert', 'keep']);
    expect(large[0]!.text).toBe('Kept start. ');
    expect(ms).toBeLessThan(DIFF_BUDGET_MS);
  });
});

describe('diffs computed once (M5)', () => {
  const diff = (text: string) => ({ parts: [{ type: 'equal' as const, text }], coarse: false });

  it('[M5] the cache is bounded in entries and in bytes, and drops the least recently used first', () => {
    const cache = new DiffCache(3, 1_000_000);
    for (const key of ['a', 'b', 'c']) cache.set(key, diff(key));
    cache.get('a');
    cache.set('d', diff('d'));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();

    const bytes = new DiffCache(100, 10_000);
    for (let i = 0; i < 10; i++) bytes.set(`k${i}`, diff('x'.repeat(2_000)));
    expect(bytes.bytes).toBeLessThanOrEqual(10_000);
    expect(bytes.size).toBe(2);
    expect(bytes.get('k9')).toBeDefined();
    bytes.set('huge', diff('x'.repeat(10_000)));
    expect(bytes.get('huge')).toBeUndefined();
    expect(bytes.size).toBe(2);
  });

  it('[M5] a diff is computed once per key; once a request has spent its budget, the rest are coarse and not kept', () => {
    const cache = new DiffCache();
    const before = sentences(5);
    const after = sentences(5, new Set([2]));
    const first = cachedWordDiff('amendment:room:1:hash', before, after, new DiffBudget(), cache);
    expect(first.coarse).toBe(false);
    expect(cachedWordDiff('amendment:room:1:hash', 'ignored', 'ignored', new DiffBudget(), cache)).toBe(first);

    const spent = new DiffBudget(0);
    const coarse = cachedWordDiff('amendment:room:2:hash', before, after, spent, cache);
    expect(coarse.coarse).toBe(true);
    expect(sides(coarse.parts)).toEqual({ before, after });
    expect(cache.get('amendment:room:2:hash')).toBeUndefined();
    expect(cachedWordDiff('amendment:room:2:hash', before, after, new DiffBudget(), cache).coarse).toBe(false);
  });
});

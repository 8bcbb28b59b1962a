/**
 * Word-level diffs for people to read. The server diffs amendments and readings with it and
 * the browser re-diffs pending amendments against the text people see now: one function, so
 * both always mark the same words.
 *
 * The cost is bounded whatever the texts (M5): the word diff stops searching past
 * MAX_DIFF_EDIT_TOKENS edits, and is not even started when the words one text has and the
 * other lacks already outnumber them (a linear count); then sentences are compared the same
 * way; then the changed middle (between the words both texts start and end with) is one
 * replacement. Either fallback is still exact about which text is which, and is marked
 * `coarse`, so the reader is told the text changed throughout rather than shown every word.
 */
import { diffSentences, diffWords, sentenceDiff, wordDiff as words, type Change } from 'diff';
import { MAX_DIFF_EDIT_TOKENS } from './limits.js';
import type { DiffPart } from './workflow.js';

/** A diff and whether it is coarse (sentences or one replacement instead of words). */
export interface WordDiff {
  parts: DiffPart[];
  coarse: boolean;
}

/** The change from `before` to `after` at word level (coarser past the bound), as the client renders it. */
export function wordDiff(before: string, after: string): WordDiff {
  if (unmatchedTokens(baseWords(before), wordsOf(after)) <= MAX_DIFF_EDIT_TOKENS) {
    const changes = diffWords(before, after, { maxEditLength: MAX_DIFF_EDIT_TOKENS });
    if (changes !== undefined) return { parts: changes.map(toPart), coarse: false };
  }
  return coarseDiff(before, after, true);
}

/**
 * Tokens of either list without a partner in the other, counted as multisets: each must be
 * inserted or removed, so no diff of the two has fewer edits. Linear, so a search that
 * cannot end within the bound is not started.
 */
export function unmatchedTokens(a: readonly string[], b: readonly string[]): number {
  const surplus = new Map<string, number>();
  for (const token of a) surplus.set(token, (surplus.get(token) ?? 0) + 1);
  for (const token of b) surplus.set(token, (surplus.get(token) ?? 0) - 1);
  let unmatched = 0;
  for (const count of surplus.values()) unmatched += Math.abs(count);
  return unmatched;
}

/** The words of a text as diffWords compares them (without the whitespace around them). */
function wordsOf(text: string): string[] {
  return words.tokenize(text).map((token) => token.trim());
}

/** The last base text's words: a paragraph's amendments are diffed against it one after another. */
let lastBase: { text: string; words: string[] } | null = null;

function baseWords(text: string): string[] {
  if (lastBase?.text !== text) lastBase = { text, words: wordsOf(text) };
  return lastBase.words;
}

/**
 * The coarse diff alone, in linear time: the words both texts start and end with kept, the
 * middle between them one replacement; with `bySentence`, the middle compared sentence by
 * sentence first (under the same bound). Marked coarse.
 */
export function coarseDiff(before: string, after: string, bySentence = false): WordDiff {
  const [start, end] = commonEnds(before, after);
  const parts: DiffPart[] = [];
  append(parts, 'equal', before.slice(0, start));
  const middleBefore = before.slice(start, before.length - end);
  const middleAfter = after.slice(start, after.length - end);
  const sentences =
    bySentence && unmatchedTokens(sentenceDiff.tokenize(middleBefore), sentenceDiff.tokenize(middleAfter)) <= MAX_DIFF_EDIT_TOKENS
      ? diffSentences(middleBefore, middleAfter, { maxEditLength: MAX_DIFF_EDIT_TOKENS })
      : undefined;
  if (sentences !== undefined) {
    for (const change of sentences) append(parts, toPart(change).type, change.value);
  } else {
    append(parts, 'delete', middleBefore);
    append(parts, 'insert', middleAfter);
  }
  append(parts, 'equal', before.slice(before.length - end));
  return { parts, coarse: true };
}

/**
 * Lengths of the longest start and end the two texts share, cut back to word boundaries
 * (whitespace on either side, or the text's edge) so that no word, and no surrogate pair, is
 * split; the two never overlap. Linear in the texts.
 */
export function commonEnds(a: string, b: string): [start: number, end: number] {
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (start > 0 && !(atBoundary(a, start) && atBoundary(b, start))) start--;
  let end = 0;
  while (end < shorter - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  while (end > 0 && !(atBoundary(a, a.length - end) && atBoundary(b, b.length - end))) end--;
  return [start, end];
}

const SPACE = /\s/;

function atBoundary(text: string, at: number): boolean {
  return at === 0 || at === text.length || SPACE.test(text[at - 1]!) || SPACE.test(text[at]!);
}

function toPart(change: Change): DiffPart {
  return { type: change.added ? 'insert' : change.removed ? 'delete' : 'equal', text: change.value };
}

/** Appends a part, joining it to the last one when they are of the same kind; empty text adds nothing. */
function append(parts: DiffPart[], type: DiffPart['type'], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last?.type === type) last.text += text;
  else parts.push({ type, text });
}

/** Word-level diffs: for people to read (diffWords) and for the server to apply (exact, whitespace kept). */
import { diffWords, diffWordsWithSpace } from 'diff';
import type { DiffPart } from './records.js';

/** The change from `before` to `after` at word level, as the client renders it. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((change) => ({
    type: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value,
  }));
}

/** One edit on a text: keep, remove or insert a stretch, in order from the start. */
export type TextEdit = { op: 'keep' | 'remove' | 'insert'; text: string };

/**
 * Edits that turn `before` into `after` exactly (whitespace included), word by word, so
 * that applying them to a rich text keeps the formatting of the words that did not change.
 */
export function textEdits(before: string, after: string): TextEdit[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    op: change.added ? 'insert' : change.removed ? 'remove' : 'keep',
    text: change.value,
  }));
}

/**
 * Word-level diffs for the server to apply (exact, whitespace kept). The diff for people to
 * read, shared with the client, is shared/wordDiff.ts.
 */
import { diffWordsWithSpace } from 'diff';

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

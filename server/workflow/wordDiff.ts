/**
 * Word-level diffs for the server to apply (exact, whitespace kept). The diff for people to
 * read, shared with the client, is shared/wordDiff.ts.
 */
import { diffWordsWithSpace, wordsWithSpaceDiff } from 'diff';
import { MAX_DIFF_EDIT_TOKENS } from '../../shared/limits.js';
import { commonEnds, unmatchedTokens } from '../../shared/wordDiff.js';

/** One edit on a text: keep, remove or insert a stretch, in order from the start. */
export type TextEdit = { op: 'keep' | 'remove' | 'insert'; text: string };

/**
 * Edits that turn `before` into `after` exactly (whitespace included), word by word, so
 * that applying them to a rich text keeps the formatting of the words that did not change.
 * Past MAX_DIFF_EDIT_TOKENS edits (M5; the search is not started when the words one text has
 * and the other lacks already outnumber them) the words between the start and end both texts
 * share are replaced as one stretch: still exact, at a bounded cost, and the shared start and
 * end keep their formatting.
 */
export function textEdits(before: string, after: string): TextEdit[] {
  const within = unmatchedTokens(wordsWithSpaceDiff.tokenize(before), wordsWithSpaceDiff.tokenize(after)) <= MAX_DIFF_EDIT_TOKENS;
  const changes = within ? diffWordsWithSpace(before, after, { maxEditLength: MAX_DIFF_EDIT_TOKENS }) : undefined;
  if (changes !== undefined) {
    return changes.map((change) => ({
      op: change.added ? 'insert' : change.removed ? 'remove' : 'keep',
      text: change.value,
    }));
  }
  const [start, end] = commonEnds(before, after);
  const edits: TextEdit[] = [
    { op: 'keep', text: before.slice(0, start) },
    { op: 'remove', text: before.slice(start, before.length - end) },
    { op: 'insert', text: after.slice(start, after.length - end) },
    { op: 'keep', text: before.slice(before.length - end) },
  ];
  return edits.filter((edit) => edit.text !== '');
}

/**
 * Word-level diffs for people to read. The server diffs amendments and readings with it and
 * the browser re-diffs pending amendments against the text people see now: one function, so
 * both always mark the same words.
 */
import { diffWords } from 'diff';
import type { DiffPart } from './workflow.js';

/** The change from `before` to `after` at word level, as the client renders it. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((change) => ({
    type: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value,
  }));
}

/**
 * Word-level diffs in the browser, with the same library and the same call as the server
 * (server/workflow/wordDiff.ts), for pending amendments: the paragraph keeps changing while
 * an amendment waits, and its diff must be against the text people see now.
 */
import { diffWords } from 'diff';
import type { DiffPart } from './api/workflowTypes';

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((change) => ({
    type: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value,
  }));
}

/** True when a diff changes nothing. */
export function isUnchanged(parts: readonly DiffPart[]): boolean {
  return parts.every((part) => part.type === 'equal');
}

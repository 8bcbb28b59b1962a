/**
 * Word-level diffs in the browser, with the server's own function (shared/wordDiff.ts), for
 * pending amendments: the paragraph keeps changing while an amendment waits, and its diff
 * must be against the text people see now.
 */
import type { DiffPart } from './api/workflowTypes';

export { wordDiff, type WordDiff } from '../shared/wordDiff';

/** True when a diff changes nothing. */
export function isUnchanged(parts: readonly DiffPart[]): boolean {
  return parts.every((part) => part.type === 'equal');
}

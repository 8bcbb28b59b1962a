/**
 * Decisions on a paragraph, and which one an undo takes back (PROTOCOL.md M10). The
 * activity log is the record of decisions: a lock, an unlock, a status change, an
 * amendment accepted or rejected, an undo. The last decision on a paragraph is the newest
 * such entry naming it; a status change that locked or unlocked is recorded as the lock
 * entry followed at once by the status entry, so the status entry, being newer, stands for
 * both. Server and page find it with these functions, so the page offers "Undo" exactly
 * where the server would take it.
 */

/** Activity kinds that decide something about one paragraph. */
export const DECISION_KINDS = ['lock', 'unlock', 'status', 'amendment-accepted', 'amendment-rejected', 'decision-undone'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

const DECISIONS: ReadonlySet<string> = new Set(DECISION_KINDS);

/** What these functions read of an activity entry. */
export interface DecisionEntry {
  id: number;
  kind: string;
  blockId: string | null;
  detail: Record<string, unknown> | null;
}

/** The newest decision naming `blockId` in `entries` (oldest first, as the log lists them), or null. */
export function lastDecision<E extends DecisionEntry>(entries: readonly E[], blockId: string): E | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.blockId === blockId && DECISIONS.has(entry.kind)) return entry;
  }
  return null;
}

/** The last decision on every paragraph that has one, in one pass over `entries` (oldest first). */
export function lastDecisions<E extends DecisionEntry>(entries: readonly E[]): Map<string, E> {
  const last = new Map<string, E>();
  for (const entry of entries) if (entry.blockId !== null && DECISIONS.has(entry.kind)) last.set(entry.blockId, entry);
  return last;
}

/**
 * Why a decision cannot be undone, or null when it can: an undo is not itself undone (decide
 * anew instead), and an accepted deletion took the paragraph out of the text, which an undo
 * cannot put back in its place (propose it again as an addition).
 */
export function whyNotUndoable(entry: DecisionEntry): 'undo' | 'deletion' | null {
  if (entry.kind === 'decision-undone') return 'undo';
  if (entry.kind === 'amendment-accepted' && entry.detail?.kind === 'delete') return 'deletion';
  return null;
}

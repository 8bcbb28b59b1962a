/**
 * Which decision on a paragraph is the last, and whether it can be undone (shared/decisions.ts,
 * PROTOCOL.md M10): the server takes back exactly the decision the page offers to undo.
 */
import { describe, expect, it } from 'vitest';
import { lastDecision, lastDecisions, whyNotUndoable, type DecisionEntry } from '../../shared/decisions.js';

let nextId = 1;
const entry = (kind: string, blockId: string | null, detail: Record<string, unknown> | null = null): DecisionEntry => ({
  id: nextId++,
  kind,
  blockId,
  detail,
});

describe('[M10] the last decision on a paragraph', () => {
  const log = [
    entry('room-created', null),
    entry('lock', 'b1', { from: 'draft' }),
    entry('amendment-proposed', 'b2'),
    entry('unlock', 'b1', { reason: 'Reopened.' }),
    entry('comment-added', 'b1'),
    entry('export', null),
    entry('lock', 'b2', { from: 'discussion' }),
    entry('status', 'b2', { from: 'discussion', to: 'agreed' }),
    entry('amendment-merged', 'b1'),
  ];

  it('is the newest decision naming it; comments, proposals, merges and exports decide nothing', () => {
    expect(lastDecision(log, 'b1')?.kind).toBe('unlock');
    // A status change that locked is the lock entry and the status entry after it: the status stands for both.
    expect(lastDecision(log, 'b2')).toBe(log[7]);
    expect(lastDecision(log, 'b3')).toBeNull();
  });

  it('is the same found for one paragraph or for all at once', () => {
    const all = lastDecisions(log);
    expect([...all.keys()].sort()).toEqual(['b1', 'b2']);
    for (const [blockId, last] of all) expect(lastDecision(log, blockId)).toBe(last);
  });

  it('can be undone unless it is an undo or an accepted deletion', () => {
    expect(whyNotUndoable(entry('unlock', 'b1'))).toBeNull();
    expect(whyNotUndoable(entry('amendment-accepted', 'b1', { kind: 'replace' }))).toBeNull();
    expect(whyNotUndoable(entry('amendment-accepted', 'b1', { kind: 'insert-after' }))).toBeNull();
    expect(whyNotUndoable(entry('amendment-rejected', 'b1'))).toBeNull();
    expect(whyNotUndoable(entry('decision-undone', 'b1'))).toBe('undo');
    expect(whyNotUndoable(entry('amendment-accepted', 'b1', { kind: 'delete' }))).toBe('deletion');
  });
});

/**
 * Comparing two states of the text (two readings, or a reading and the live text): blocks
 * are aligned by their stable id, then changed blocks are compared word by word.
 */
import type { DiffPart, RevisionBlock } from './records.js';
import { wordDiff } from './wordDiff.js';

export type BlockChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface BlockComparison {
  id: string;
  change: BlockChange;
  /** The block as it stands in `from` (null when added) and in `to` (null when removed). */
  from: RevisionBlock | null;
  to: RevisionBlock | null;
  /** Word-level diff from `from` to `to`, for changed blocks only. */
  diff: DiffPart[] | null;
}

export interface Comparison {
  counts: Record<BlockChange, number>;
  /** In the order of `to`; a removed block stands after the block that preceded it in `from`. */
  blocks: BlockComparison[];
}

export function compareBlocks(from: readonly RevisionBlock[], to: readonly RevisionBlock[]): Comparison {
  const fromById = new Map(from.map((block) => [block.id, block]));
  const inTo = new Set(to.map((block) => block.id));
  // Removed blocks, grouped by the nearest block before them in `from` that is still in `to` ('' = the start).
  const removedAfter = new Map<string, RevisionBlock[]>();
  let anchor = '';
  for (const block of from) {
    if (inTo.has(block.id)) anchor = block.id;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), block]);
  }

  const counts: Record<BlockChange, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const blocks: BlockComparison[] = [];
  const push = (entry: BlockComparison) => {
    counts[entry.change]++;
    blocks.push(entry);
  };
  const pushRemoved = (key: string) => {
    for (const block of removedAfter.get(key) ?? []) push({ id: block.id, change: 'removed', from: block, to: null, diff: null });
  };

  pushRemoved('');
  for (const block of to) {
    const before = fromById.get(block.id);
    if (before === undefined) push({ id: block.id, change: 'added', from: null, to: block, diff: null });
    else if (before.text === block.text && before.type === block.type) push({ id: block.id, change: 'unchanged', from: before, to: block, diff: null });
    else push({ id: block.id, change: 'changed', from: before, to: block, diff: wordDiff(before.text, block.text) });
    pushRemoved(block.id);
  }
  return { counts, blocks };
}

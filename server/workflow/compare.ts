/**
 * Comparing two states of the text (two readings, or a reading and the live text): blocks
 * are aligned by their stable id, then changed blocks are compared word by word, each pair
 * of texts once (M5: bounded, coarse past the bound or the request's budget, cached by the
 * hashes of both texts).
 */
import type { BlockChange, BlockComparison, Comparison, RevisionBlock } from '../../shared/workflow.js';
import { cachedWordDiff, DiffBudget, textHash } from './diffCache.js';

/** The blocks of two texts, aligned and compared (a Comparison without its sides' labels). */
export type BlocksCompared = Pick<Comparison, 'counts' | 'blocks'>;

export function compareBlocks(from: readonly RevisionBlock[], to: readonly RevisionBlock[]): BlocksCompared {
  const fromById = new Map(from.map((block) => [block.id, block]));
  const inTo = new Set(to.map((block) => block.id));
  // Removed blocks, grouped by the nearest block before them in `from` that is still in `to` ('' = the start).
  const removedAfter = new Map<string, RevisionBlock[]>();
  let anchor = '';
  for (const block of from) {
    if (inTo.has(block.id)) anchor = block.id;
    else {
      const removed = removedAfter.get(anchor);
      if (removed === undefined) removedAfter.set(anchor, [block]);
      else removed.push(block);
    }
  }

  const budget = new DiffBudget();
  const counts: Record<BlockChange, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const blocks: BlockComparison[] = [];
  const push = (entry: BlockComparison) => {
    counts[entry.change]++;
    blocks.push(entry);
  };
  const pushRemoved = (key: string) => {
    for (const block of removedAfter.get(key) ?? [])
      push({ id: block.id, change: 'removed', from: block, to: null, diff: null, diffCoarse: false });
  };

  pushRemoved('');
  for (const block of to) {
    const before = fromById.get(block.id);
    if (before === undefined) push({ id: block.id, change: 'added', from: null, to: block, diff: null, diffCoarse: false });
    else if (before.text === block.text && before.type === block.type)
      push({ id: block.id, change: 'unchanged', from: before, to: block, diff: null, diffCoarse: false });
    else {
      const { parts, coarse } = cachedWordDiff(`compare:${textHash(before.text)}:${textHash(block.text)}`, before.text, block.text, budget);
      push({ id: block.id, change: 'changed', from: before, to: block, diff: parts, diffCoarse: coarse });
    }
    pushRemoved(block.id);
  }
  return { counts, blocks };
}

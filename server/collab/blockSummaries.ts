/**
 * The room's top-level blocks as the blocks API, readings and the status summary read them:
 * in document order, numbered and with the status the margin shows (shared/blockNumbering.ts,
 * shared/blockStatus.ts), so every reader of a live room sees the same list.
 */
import * as Y from 'yjs';
import { BlockAttr, isLockedValue, type BlockSummary } from '../../shared/blocks.js';
import { blockNumberer } from '../../shared/blockNumbering.js';
import { statusOf } from '../../shared/blockStatus.js';
import { blockText } from './blockSnapshot.js';

export function blockSummaries(fragment: Y.XmlFragment): BlockSummary[] {
  const summaries: BlockSummary[] = [];
  const numberOf = blockNumberer();
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    const attr = (name: string) => (node.getAttribute(name) as string | undefined) ?? null;
    const locked = isLockedValue(node.getAttribute(BlockAttr.locked));
    const level = node.getAttribute('level') as unknown;
    summaries.push({
      id: attr(BlockAttr.id) ?? '',
      type: node.nodeName,
      text: blockText(node),
      locked,
      lockedBy: attr(BlockAttr.lockedBy),
      lockedAt: attr(BlockAttr.lockedAt),
      number: numberOf(node.nodeName),
      level: typeof level === 'number' ? level : level == null ? null : Number(level),
      status: statusOf(locked, node.getAttribute(BlockAttr.status)),
    });
  }
  return summaries;
}

/**
 * Reading top-level blocks from a ProseMirror document: ids, margin numbers and lock
 * state, and the range a step touches. Shared by the gutter, the lock plugin and the UI.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import {
  AddMarkStep,
  AddNodeMarkStep,
  AttrStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceAroundStep,
  ReplaceStep,
  type Step,
} from '@tiptap/pm/transform';
import { BlockAttr, isLockedValue, type BlockStatus } from '../../shared/blocks';
import { blockNumberer } from '../../shared/blockNumbering';
import { statusOfAttrs } from '../../shared/blockStatus';

/** One top-level block as the margin shows it. */
export interface BlockInfo {
  id: string | null;
  type: string;
  /** Paragraph number in the margin, or null for headings. */
  number: number | null;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
  /** Paragraph status (a locked block is agreed). */
  status: BlockStatus;
}

export function isLockedNode(node: PMNode): boolean {
  return isLockedValue(node.attrs[BlockAttr.locked]);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The top-level blocks of `doc`, numbered as the margin numbers them. */
export function readBlocks(doc: PMNode): BlockInfo[] {
  const blocks: BlockInfo[] = [];
  const numberOf = blockNumberer();
  doc.forEach((node) => {
    blocks.push({
      id: str(node.attrs[BlockAttr.id]),
      type: node.type.name,
      number: numberOf(node.type.name),
      locked: isLockedNode(node),
      lockedBy: str(node.attrs[BlockAttr.lockedBy]),
      lockedAt: str(node.attrs[BlockAttr.lockedAt]),
      status: statusOfAttrs(node.attrs),
    });
  });
  return blocks;
}

/** True when the top-level blocks of two documents read the same (type, id, lock state and status). */
export function sameTopLevel(a: PMNode, b: PMNode): boolean {
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) {
    const x = a.child(i);
    const y = b.child(i);
    if (x.type !== y.type) return false;
    if (x.attrs === y.attrs) continue;
    if (
      x.attrs[BlockAttr.id] !== y.attrs[BlockAttr.id] ||
      x.attrs[BlockAttr.locked] !== y.attrs[BlockAttr.locked] ||
      x.attrs[BlockAttr.lockedBy] !== y.attrs[BlockAttr.lockedBy] ||
      x.attrs[BlockAttr.lockedAt] !== y.attrs[BlockAttr.lockedAt] ||
      x.attrs[BlockAttr.status] !== y.attrs[BlockAttr.status]
    ) {
      return false;
    }
  }
  return true;
}

/** The document range a step changes, in the coordinates of the document it applies to. */
export function stepRange(step: Step): { from: number; to: number } | null {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) return { from: step.from, to: step.to };
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return { from: step.from, to: step.to };
  if (step instanceof AttrStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) {
    return { from: step.pos, to: step.pos + 1 };
  }
  return null;
}

/**
 * True when a step stays inside the content of one top-level block, so the top-level
 * structure (blocks, their attributes, their order) cannot have changed.
 */
export function stepStaysInsideOneBlock(doc: PMNode, step: Step): boolean {
  if (!(step instanceof ReplaceStep || step instanceof AddMarkStep || step instanceof RemoveMarkStep)) return false;
  const range = stepRange(step);
  if (!range) return false;
  const $from = doc.resolve(range.from);
  const $to = doc.resolve(range.to);
  if ($from.depth === 0 || $to.depth === 0 || $from.index(0) !== $to.index(0)) return false;
  // A slice open down to the top level (a split, a multi-paragraph paste) makes new blocks.
  if (step instanceof ReplaceStep) return $from.depth - step.slice.openStart >= 1 && $to.depth - step.slice.openEnd >= 1;
  return true;
}

/** The top-level block containing `pos`, with its range, or null between blocks. */
export function topLevelBlockAt(doc: PMNode, pos: number): { node: PMNode; start: number; end: number; index: number } | null {
  const $pos = doc.resolve(pos);
  if ($pos.depth === 0) return null;
  const start = $pos.before(1);
  return { node: $pos.node(1), start, end: start + $pos.node(1).nodeSize, index: $pos.index(0) };
}

/** Positions of every top-level block, by id (for history links, notices and scrolling). */
export function findBlockById(doc: PMNode, id: string): { node: PMNode; start: number; index: number } | null {
  let found: { node: PMNode; start: number; index: number } | null = null;
  doc.forEach((node, offset, index) => {
    if (!found && node.attrs[BlockAttr.id] === id) found = { node, start: offset, index };
  });
  return found;
}

/**
 * Paragraph status (shared/PROTOCOL.md S1): which status a block stands at, read from its
 * server-only `locked` and `status` attributes, and how many blocks stand at each, as the
 * margin, the projector, the summary bar, GET /status-summary, the blocks API, readings and
 * exports all show it. Callers read the attributes from their own view of the text.
 */
import { BLOCK_STATUSES, BlockAttr, isLockedValue, type BlockStatus } from './blocks.js';
import { isNumbered } from './blockNumbering.js';
import type { StatusSummary } from './workflow.js';

/** True when `value` is one of BLOCK_STATUSES. */
export function isBlockStatus(value: unknown): value is BlockStatus {
  return typeof value === 'string' && (BLOCK_STATUSES as readonly string[]).includes(value);
}

/** A block's status: a locked block is agreed (agreed = locked), else its `status` attribute, and a draft when that is missing or not a status. */
export function statusOf(locked: boolean, status: unknown): BlockStatus {
  if (locked) return 'agreed';
  return isBlockStatus(status) ? status : 'draft';
}

/** A block's status from its attributes as stored (ProseMirror attrs, JSON attrs): statusOf, with `locked` read by isLockedValue. */
export function statusOfAttrs(attrs: Readonly<Record<string, unknown>>): BlockStatus {
  return statusOf(isLockedValue(attrs[BlockAttr.locked]), attrs[BlockAttr.status]);
}

/** True when text holds something besides whitespace; a block without such text is empty and is not counted. */
export function hasVisibleText(text: string): boolean {
  return /\S/.test(text);
}

/** How countStatuses reads a block; `hasText` and `status` are asked only of numbered blocks. */
export interface StatusCountReader<B> {
  type(block: B): string;
  /** True when the block holds non-blank text (hasVisibleText over its text). */
  hasText(block: B): boolean;
  status(block: B): BlockStatus;
}

/** Counts blocks per status ("12 agreed · 3 ad ref · 5 open"): numbered blocks with non-blank text only (headings and empty paragraphs left out), each at its status. */
export function countStatuses<B>(blocks: Iterable<B>, read: StatusCountReader<B>): StatusSummary {
  const counts = Object.fromEntries(BLOCK_STATUSES.map((status) => [status, 0])) as Record<BlockStatus, number>;
  let total = 0;
  for (const block of blocks) {
    if (!isNumbered(read.type(block)) || !read.hasText(block)) continue;
    counts[read.status(block)] += 1;
    total += 1;
  }
  return { counts, total };
}

/**
 * Paragraph status as the UI shows it: words (long and short), an icon for each (so status
 * never rests on colour alone), and the status a block stands at (locked means agreed).
 */
import { BLOCK_STATUSES, BLOCK_STATUS_LABELS, BlockAttr, LOCKED_VALUE, type BlockStatus } from '../shared/blocks';

export { BLOCK_STATUSES, BLOCK_STATUS_LABELS, type BlockStatus };

/** Words for the margin, where space is short. */
export const STATUS_SHORT: Record<BlockStatus, string> = {
  draft: 'Draft',
  discussion: 'Discussion',
  'ad-ref': 'Ad ref.',
  agreed: 'Agreed',
};

/**
 * Stroke paths (16×16 box) of each status icon, one family with distinct marks: an empty
 * circle for a draft, dots for discussion, a clock for ad referendum (waiting for the
 * capitals), a tick for agreed.
 */
export const STATUS_ICON_PATHS: Record<BlockStatus, string[]> = {
  draft: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11z'],
  discussion: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11z', 'M5 8h.6', 'M7.7 8h.6', 'M10.4 8h.6'],
  'ad-ref': ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11z', 'M8 5v3.3l2.2 1.4'],
  agreed: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11z', 'M5.3 8.2l1.9 1.9 3.6-3.8'],
};

export function isBlockStatus(value: unknown): value is BlockStatus {
  return typeof value === 'string' && (BLOCK_STATUSES as readonly string[]).includes(value);
}

/** The status a block stands at, from its attributes: a locked block is agreed, anything unknown a draft. */
export function statusOfAttrs(attrs: Record<string, unknown>): BlockStatus {
  if (attrs[BlockAttr.locked] === LOCKED_VALUE) return 'agreed';
  const status = attrs[BlockAttr.status];
  return isBlockStatus(status) ? status : 'draft';
}

/** What the view can be filtered to: one status, or every paragraph not yet agreed in some form. */
export type StatusFilter = 'all' | 'open' | BlockStatus;

export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  all: 'All paragraphs',
  open: 'Open (draft or under discussion)',
  draft: 'Draft',
  discussion: 'Under discussion',
  'ad-ref': 'Agreed ad referendum',
  agreed: 'Agreed',
};

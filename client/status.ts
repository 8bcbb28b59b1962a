/**
 * Paragraph status as the UI shows it: words (long and short) and an icon for each (so status
 * never rests on colour alone). The status a block stands at is the shared rule
 * (shared/blockStatus.ts), passed on from here.
 */
import i18next from 'i18next';
import { BLOCK_STATUSES, BLOCK_STATUS_LABELS, type BlockStatus } from '../shared/blocks';
import { isBlockStatus, statusOfAttrs } from '../shared/blockStatus';

export { BLOCK_STATUSES, BLOCK_STATUS_LABELS, isBlockStatus, statusOfAttrs, type BlockStatus };

/** A status in the interface language ("Under discussion"). */
export function statusLabel(status: BlockStatus): string {
  return i18next.t(`common:status.${status}`);
}

/** A status in short words, for the margin, where space is short ("Ad ref."). */
export function statusShort(status: BlockStatus): string {
  return i18next.t(`common:statusShort.${status}`);
}

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

/** What the view can be filtered to: one status, or every paragraph not yet agreed in some form. */
export type StatusFilter = 'all' | 'open' | BlockStatus;

export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'open', ...BLOCK_STATUSES];

/** A filter in the interface language ("Open (draft or under discussion)"). */
export function statusFilterLabel(filter: StatusFilter): string {
  return filter === 'all' || filter === 'open' ? i18next.t(`common:statusFilter.${filter}`) : statusLabel(filter);
}

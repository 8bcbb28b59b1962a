/**
 * Export variants: which blocks an export holds and what it says about each.
 *  - 'agreed': the locked blocks only (agreed = locked, as the workflow defines it; a status
 *    of 'agreed' without the lock is not in force), with the headings they stand under;
 *    paragraphs keep their live numbers, so gaps show where open text was left out.
 *  - 'clean': the full current text.
 *  - 'marked': the full text, each paragraph's status in words, pending amendments after
 *    the paragraph they amend.
 * Empty blocks (nothing but whitespace) are left out of every variant; numbers do not move.
 */
import type { ExportVariant } from '../../shared/api.js';
import { BLOCK_STATUS_LABELS } from '../../shared/blocks.js';
import { personName } from '../../shared/personName.js';
import type { ExportBlock, ExportLine, InlineRun } from './documentModel.js';

export { EXPORT_VARIANTS, type ExportVariant } from '../../shared/api.js';

/** A pending amendment as the marked-up export shows it. */
export interface ExportAmendment {
  blockId: string;
  /** 'replace', 'insert-after' (an addition after the paragraph; 'add' also reads so) or 'delete'; other words are shown as they come. */
  kind: string;
  /** The proposed text (empty for a deletion). */
  text: string;
  proposer: string;
  delegation?: string | null;
}

/** A block as one variant shows it. */
export interface VariantBlock {
  block: ExportBlock;
  /** Status in words, e.g. "[Agreed — locked by Anna Novak]"; null outside the marked variant and on headings. */
  statusLabel: string | null;
  /** Pending amendments to show after the block (marked variant only). */
  amendments: AmendmentNote[];
}

/** An amendment in words: "Proposed replacement by Anna Novak (Austria):" (a colon when text follows) and the proposed text. */
export interface AmendmentNote {
  label: string;
  text: string;
}

/** The blocks of `blocks` that the variant holds, in document order. */
export function selectVariant(
  blocks: readonly ExportBlock[],
  variant: ExportVariant,
  amendments: readonly ExportAmendment[] = [],
): VariantBlock[] {
  const present = blocks.filter((block) => block.text.trim() !== '');
  if (variant === 'clean') return present.map((block) => ({ block, statusLabel: null, amendments: [] }));
  if (variant === 'marked') {
    return present.map((block) => ({
      block,
      statusLabel: block.type === 'heading' && !block.locked ? null : statusLabel(block),
      amendments: amendments.filter((a) => a.blockId === block.id).map(amendmentNote),
    }));
  }
  return agreedOnly(present).map((block) => ({ block, statusLabel: null, amendments: [] }));
}

/** Locked blocks, each preceded by the headings it stands under (each heading once). */
function agreedOnly(blocks: readonly ExportBlock[]): ExportBlock[] {
  const selected: ExportBlock[] = [];
  // The open heading at each level above the current point, and whether it is already out.
  let headings: { block: ExportBlock; emitted: boolean }[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') {
      const level = block.level ?? 1;
      headings = headings.filter((h) => (h.block.level ?? 1) < level);
      headings.push({ block, emitted: false });
      if (!block.locked) continue;
    } else if (!block.locked) continue;
    for (const heading of headings) {
      if (heading.emitted) continue;
      heading.emitted = true;
      selected.push(heading.block);
    }
    if (block.type !== 'heading') selected.push(block);
  }
  return selected;
}

/** A block's status in words, as the marked-up export shows it. */
export function statusLabel(block: ExportBlock): string {
  if (block.locked) return block.lockedBy ? `[Agreed — locked by ${block.lockedBy}]` : '[Agreed — locked]';
  return `[${BLOCK_STATUS_LABELS[block.status]}]`;
}

const KIND_WORDS: Record<string, string> = {
  replace: 'Proposed replacement',
  replacement: 'Proposed replacement',
  add: 'Proposed addition after this paragraph',
  'add-after': 'Proposed addition after this paragraph',
  addition: 'Proposed addition after this paragraph',
  insert: 'Proposed addition after this paragraph',
  'insert-after': 'Proposed addition after this paragraph',
  delete: 'Proposed deletion of this paragraph',
  deletion: 'Proposed deletion of this paragraph',
};

function amendmentNote(amendment: ExportAmendment): AmendmentNote {
  const kind = KIND_WORDS[amendment.kind] ?? `Proposed amendment (${amendment.kind})`;
  const by = personName(amendment.proposer, amendment.delegation);
  const text = amendment.text.trim() ? amendment.text : '';
  return { label: `${kind} by ${by}${text ? ':' : ''}`, text };
}

/**
 * The lines of a variant block for renderers that lay out text themselves: the status label
 * leads a paragraph's first line, or stands on a line of its own above a list or quote.
 */
export function labelledLines(item: VariantBlock): ExportLine[] {
  const lines = item.block.lines;
  if (!item.statusLabel) return lines;
  const label: InlineRun = { text: `${item.statusLabel} `, bold: false, italic: true, underline: false, strike: false, lang: 'en' };
  const first = lines[0];
  if (first && first.indent === 0 && !first.marker) return [{ ...first, runs: [label, ...first.runs] }, ...lines.slice(1)];
  return [{ runs: [{ ...label, text: item.statusLabel }], indent: 0, marker: null, quote: false, lang: null }, ...lines];
}

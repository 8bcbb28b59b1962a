/** Rules for top-level blocks: their types, their attributes, and who may write which. */

/** Node types that may stand at the top level of the document; each carries an `id`. */
export const BLOCK_TYPES = ['paragraph', 'heading', 'bulletList', 'orderedList', 'blockquote'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** The Y.XmlFragment that holds the text (TipTap Collaboration's default field). */
export const TEXT_FIELD = 'default';

/** Attribute names on a block. */
export const BlockAttr = {
  id: 'id',
  locked: 'locked',
  lockedBy: 'lockedBy',
  lockedAt: 'lockedAt',
  status: 'status',
  /** A paragraph's, heading's or list item's own language (shared/textLanguages.ts); absent: the room's. */
  lang: 'lang',
} as const;

/** Attributes only the server writes; a client change to any of them is refused. */
export const SERVER_ONLY_ATTRS: ReadonlySet<string> = new Set([BlockAttr.locked, BlockAttr.lockedBy, BlockAttr.lockedAt, BlockAttr.status]);

/** Value of the `locked` attribute on a locked block. */
export const LOCKED_VALUE = 'true';

/** True when a `locked` attribute value marks the block locked: only LOCKED_VALUE does. */
export function isLockedValue(value: unknown): boolean {
  return value === LOCKED_VALUE;
}

/** Paragraph status, in the order a paragraph normally moves through them. */
export const BLOCK_STATUSES = ['draft', 'discussion', 'ad-ref', 'agreed'] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];
export const BLOCK_STATUS_LABELS: Record<BlockStatus, string> = {
  draft: 'Draft',
  discussion: 'Under discussion',
  'ad-ref': 'Agreed ad referendum',
  agreed: 'Agreed',
};

/** A block as the blocks API and exports see it. */
export interface BlockSummary {
  id: string;
  type: string;
  text: string;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
  /** Paragraph number as shown in the margin (shared/blockNumbering.ts), or null for headings. */
  number: number | null;
  level?: number | null;
  /** Status as the margin shows it (shared/blockStatus.ts): a locked block is agreed. */
  status: BlockStatus;
}

/** Block ids: short, URL-safe, random. Untrusted when they come from a client. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export function isValidBlockId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** A fresh block id from a CSPRNG (Web Crypto, available in browsers and Node 20). */
export function newBlockId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

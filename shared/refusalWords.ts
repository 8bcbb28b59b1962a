/**
 * Which words say why part of a change was refused: a key of the wording table
 * (shared/locales/<language>/notices.json) and its values. The page says them in the
 * person's language, the server in English in the notice's `message` for other clients;
 * one choice of words for both, so they cannot drift apart.
 */
import { MAX_BLOCK_CHARS, MAX_DOCUMENT_CHARS } from './limits.js';
import { ErrorCode } from './protocol.js';

/** A message of the wording table: `namespace:path.to.key` and the values it takes. */
export interface Words {
  key: string;
  values?: Record<string, string | number>;
}

/** Where a refused change was: a numbered paragraph, a heading (a block with no number), or the text as a whole. */
export function refusalPlace(blockId: string | undefined, number: number | null | undefined): Words {
  if (typeof number === 'number') return { key: 'common:block.paragraph', values: { number } };
  return blockId ? { key: 'common:block.heading' } : { key: 'common:block.text' };
}

/** The words for a refusal, `where` already said; null for a reason this code does not know (a newer server's). */
export function refusalWords(refusal: { reason: string; blockId?: string; lockedBy?: string }, where: string): Words | null {
  switch (refusal.reason) {
    case ErrorCode.locked:
      return refusal.lockedBy
        ? { key: 'notices:refused.lockedBy', values: { where, by: refusal.lockedBy } }
        : { key: 'notices:refused.locked', values: { where } };
    case ErrorCode.readOnly:
      return { key: 'notices:refused.readOnly' };
    case ErrorCode.penHolder:
      return { key: 'notices:refused.penHolder', values: { where } };
    case ErrorCode.serverAttribute:
      return { key: 'notices:refused.serverAttribute', values: { where } };
    case ErrorCode.invalid:
      return refusal.blockId ? { key: 'notices:refused.invalidBlock', values: { where } } : { key: 'notices:refused.invalid' };
    case ErrorCode.tooLarge:
      return { key: 'notices:refused.tooLarge', values: { where, chars: MAX_BLOCK_CHARS, documentChars: MAX_DOCUMENT_CHARS } };
    case ErrorCode.saveFailed:
      return { key: 'notices:refused.saveFailed' };
    default:
      return null;
  }
}

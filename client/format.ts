/** Words and times as the UI shows them, in the interface language (client/i18n). */
import i18next from 'i18next';
import type { BlockProblem } from '../shared/blockRules';
import { MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../shared/limits';
import { ErrorCode } from '../shared/protocol';

export { formatTime, formatTimeRange } from './i18n/formatTime';

/**
 * A block as a sentence names it: "paragraph 12" ("п. 12" in Russian, whose abbreviation
 * reads right in every case), or "a heading" for blocks without a number.
 */
export function blockName(number: number | null | undefined): string {
  return typeof number === 'number' ? i18next.t('common:block.paragraph', { number }) : i18next.t('common:block.heading');
}

/** A block as a heading or a list item names it: "Paragraph 12", "Heading". */
export function blockTitle(number: number | null | undefined): string {
  return typeof number === 'number' ? i18next.t('common:block.paragraphTitle', { number }) : i18next.t('common:block.headingTitle');
}

/**
 * The names of a block a message needs: `where` inside a sentence, `subject` where a
 * sentence starts with it ("Paragraph 3 is…", "Le paragraphe 3 est…", "Пункт 3 …").
 */
export function blockWords(number: number | null | undefined): { where: string; subject: string } {
  return {
    where: blockName(number),
    subject: typeof number === 'number' ? i18next.t('common:block.paragraphSubject', { number }) : i18next.t('common:block.headingSubject'),
  };
}

/** "Name (Delegation)" or just "Name", as the server writes it too. */
export { inParentheses, personName } from '../shared/personName';

/** Why the editor stopped a change that would break the document rules (shared/blockRules.ts). */
export function refusedChangeText(problem: BlockProblem): string {
  if (problem.reason === ErrorCode.invalid) return i18next.t('editor:refused.nesting');
  if (problem.detail === 'document') return i18next.t('editor:refused.document', { chars: MAX_DOCUMENT_CHARS, blocks: MAX_BLOCKS });
  return i18next.t('editor:refused.block', { chars: MAX_BLOCK_CHARS });
}

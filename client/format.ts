/** Words and times as the UI shows them. */
import type { BlockProblem } from '../shared/blockRules';
import { MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_DOCUMENT_CHARS } from '../shared/limits';
import { ErrorCode } from '../shared/protocol';

// 24-hour times, as meeting programmes print them.
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "14:32" today, "3 May, 14:32" on another day; the raw text if it is not a date. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
}

/** "paragraph 12", or "a heading" for blocks without a number. */
export function blockName(number: number | null | undefined): string {
  return typeof number === 'number' ? `paragraph ${number}` : 'a heading';
}

/** The same text with its first letter in capitals ("Paragraph 12 …"). */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Name (Delegation)" or just "Name", as the server writes it too. */
export { personName } from '../shared/personName';

/** Why the editor stopped a change that would break the document rules (shared/blockRules.ts). */
export function refusedChangeText(problem: BlockProblem): string {
  if (problem.reason === ErrorCode.invalid) return 'That change was not made: lists and quotes cannot be nested this deep.';
  if (problem.detail === 'document') {
    return `That change was not made: the text may hold at most ${MAX_DOCUMENT_CHARS.toLocaleString()} characters in ${MAX_BLOCKS.toLocaleString()} paragraphs.`;
  }
  return `That change was not made: a paragraph may hold at most ${MAX_BLOCK_CHARS.toLocaleString()} characters. Split it into two with Enter.`;
}

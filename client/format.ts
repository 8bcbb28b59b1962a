/** Words and times as the UI shows them. */

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

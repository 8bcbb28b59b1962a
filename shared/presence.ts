/**
 * Presence colours. The server gives each person in a room a colour from this palette
 * (server/collab/presenceSeats.ts); carets, selections and the presence list show it.
 *
 * What must stay true of the first 16 (tests/unit/presencePalette.test.ts):
 *  - no two closer than ΔE00 20 (shared/colorDifference.ts), so two people never share a
 *    colour at a glance; the order is farthest-first, so any first few are further apart;
 *  - each at least 3:1 against the page (#ffffff) and the desk (#f2f1ee), a visible caret
 *    and swatch (WCAG 1.4.11);
 *  - the caret's name label, in `labelTextColour`, at least 4.5:1 on it (WCAG 1.4.3).
 * The set was found by a farthest-point search over sRGB with those bounds, excluding greys
 * and colours near the text's own ink, so a caret never reads as a letter.
 */
import { contrastRatio } from './contrast.js';

export const PRESENCE_COLOURS = [
  '#0096c3',
  '#a5005a',
  '#968700',
  '#004b0f',
  '#5a3c00',
  '#3c00c3',
  '#ff002d',
  '#f000e1',
  '#870000',
  '#c3690f',
  '#009600',
  '#b47887',
  '#008778',
  '#695a87',
  '#7878ff',
  '#005a78',
] as const;

/** Black or white, whichever reads better on `colour` (a caret's name label). */
export function labelTextColour(colour: string): '#000000' | '#ffffff' {
  return contrastRatio(colour, '#000000') >= contrastRatio(colour, '#ffffff') ? '#000000' : '#ffffff';
}

/** The palette slot a person (invite + name) takes when it is free: the same one on every visit. */
export function preferredColourIndex(inviteId: string, name: string): number {
  let hash = 0;
  for (const char of inviteId + name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % PRESENCE_COLOURS.length;
}

/** A person's colour when nobody else in the room holds it (what /api/session announces). */
export function colourFor(inviteId: string, name: string): string {
  return PRESENCE_COLOURS[preferredColourIndex(inviteId, name)]!;
}

/**
 * The slot for someone joining, given how many present people hold each slot: their own
 * `preferred` one while nobody else has it, else the first of the least used. The palette is
 * ordered farthest-first, so 16 people get 16 distinct colours and the 17th on share them
 * evenly, each colour used by as few people as possible. Slots in `avoid` (the colours of
 * people present under the same name and delegation) are passed over while any other is
 * left, so namesakes differ in colour as well as in number.
 */
export function chooseColourIndex(preferred: number, holders: readonly number[], avoid: ReadonlySet<number> = new Set()): number {
  const slots = PRESENCE_COLOURS.map((_, index) => index);
  const open = slots.filter((index) => !avoid.has(index));
  const candidates = open.length > 0 ? open : slots;
  const fewest = Math.min(...candidates.map((index) => holders[index] ?? 0));
  if (candidates.includes(preferred) && (holders[preferred] ?? 0) === fewest) return preferred;
  return candidates.find((index) => (holders[index] ?? 0) === fewest)!;
}

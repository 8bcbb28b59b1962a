/** Presence colours: the server decides each person's colour; the client shows the same one for itself. */

const PALETTE = ['#1f6feb', '#d4380d', '#389e0d', '#c41d7f', '#7c3aed', '#0891b2', '#b45309', '#be123c', '#15803d', '#4338ca'];

/** A stable colour for a person (invite + name), so their caret keeps its colour across reconnects. */
export function colourFor(inviteId: string, name: string): string {
  let hash = 0;
  for (const char of inviteId + name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

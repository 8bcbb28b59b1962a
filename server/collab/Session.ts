/** Who is on the other end of a connection or request, as the server established it. */
import type { Role } from '../../shared/roles.js';

export interface Session {
  docId: string;
  inviteId: string;
  role: Role;
  name: string;
  delegation: string;
  /** Epoch milliseconds when the invite expires, or null. */
  expiresAt: number | null;
}

const PALETTE = ['#1f6feb', '#d4380d', '#389e0d', '#c41d7f', '#7c3aed', '#0891b2', '#b45309', '#be123c', '#15803d', '#4338ca'];

/** A stable colour for a person, so their caret keeps its colour across reconnects. */
export function colourFor(session: Pick<Session, 'inviteId' | 'name'>): string {
  let hash = 0;
  for (const char of session.inviteId + session.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

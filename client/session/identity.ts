import { colourFor } from '../../shared/presence';
/**
 * The name and delegation a person gives once when joining by a role link, remembered by
 * this browser (localStorage), and the colour their caret and presence dot get.
 */
import { checkLabel, cleanLabel } from '../../shared/labels';

export interface Identity {
  name: string;
  delegation: string;
}

const IDENTITY_KEY = 'draftroom:identity';

export function rememberedIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(IDENTITY_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Identity>;
    // Remembered before the label rule (N1), or edited by hand: ask again rather than be refused at join.
    const name = checkLabel(String(value.name ?? ''), 'name');
    const delegation = checkLabel(String(value.delegation ?? ''), 'delegation');
    if (!name.ok || !name.value || !delegation.ok) return null;
    return { name: name.value, delegation: delegation.value };
  } catch {
    return null;
  }
}

export function rememberIdentity(identity: Identity): void {
  try {
    localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
  } catch {
    // Storage disabled: we ask again next time.
  }
}

/** A name or delegation without invisible characters and with whitespace collapsed, as the server cleans it (shared/labels.ts). */
export function cleanName(value: string): string {
  return cleanLabel(value);
}

/** A person's caret and presence colour, as the server gives it to everyone else. */
export function colorFor(inviteId: string, name: string): string {
  return colourFor(inviteId, name);
}

import { colourFor } from '../../shared/presence';
/**
 * The name and delegation a person gives once when joining by a role link, remembered by
 * this browser (localStorage), and the colour their caret and presence dot get.
 */
import { MAX_NAME_CHARS } from '../../shared/limits';

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
    const name = cleanName(value.name ?? '');
    if (!name) return null;
    return { name, delegation: cleanName(value.delegation ?? '') };
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

/** Trims and shortens a name or delegation to what the server accepts. */
export function cleanName(value: string): string {
  return value.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS);
}

/** A person's caret and presence colour, as the server gives it to everyone else. */
export function colorFor(inviteId: string, name: string): string {
  return colourFor(inviteId, name);
}

/**
 * Where invite tokens live in the browser. A room link carries its token in the hash
 * (`/d/<docId>#token=…`); we move it to sessionStorage at once and take it out of the
 * address bar, so it is not read over someone's shoulder or copied by accident.
 * Tokens stay per tab (sessionStorage), never in localStorage.
 */

const roomKey = (docId: string) => `draftroom:token:${docId}`;
const ADVISER_KEY = 'draftroom:adviser-token';
const ADMIN_KEY = 'draftroom:admin-token';

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Storage disabled: the token then lives only as long as the page.
  }
}

/**
 * The token for a room: taken from the URL hash if there is one (and removed from the
 * visible URL), otherwise the one this tab kept.
 */
export function takeRoomToken(docId: string): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    write(roomKey(docId), fromHash);
    hash.delete('token');
    const rest = hash.toString();
    const clean = window.location.pathname + window.location.search + (rest ? `#${rest}` : '');
    window.history.replaceState(window.history.state, '', clean);
    return fromHash;
  }
  return read(roomKey(docId));
}

/** The invite a token names (its subject), read without verifying it: only to find what this browser kept for that invite. */
export function inviteIdOf(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub !== '' ? sub : null;
  } catch {
    return null;
  }
}

/** Keeps a room's token for this tab (after creating a room, say). */
export function keepRoomToken(docId: string, token: string): void {
  write(roomKey(docId), token);
}

/** An adviser token this tab holds; it may create rooms. */
export function adviserToken(): string | null {
  return read(ADVISER_KEY);
}

export function keepAdviserToken(token: string | null): void {
  write(ADVISER_KEY, token);
}

/** The admin token, if the user pasted it in this tab. */
export function adminToken(): string | null {
  return read(ADMIN_KEY);
}

export function keepAdminToken(token: string | null): void {
  write(ADMIN_KEY, token);
}

/** Makes a server-given invite URL absolute, for copying. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

/** One way to call the server: bearer token in, typed JSON or a typed RequestError out. */
import type { ErrorBody, ErrorFields } from '../../shared/protocol';

/** An HTTP error with the server's stable code (`E_TOKEN_EXPIRED`, `E_LOCKED` …). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The values the server's error carries beside its words (who locked the paragraph, say). */
    readonly fields: ErrorFields = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Code used when the server could not be reached at all. */
export const NETWORK_ERROR = 'E_NETWORK';

/**
 * Name and delegation of a role-link holder, sent with each call so the server's audit
 * records (lock history) name the person; named invites ignore them. URI-encoded, since
 * header values must be Latin-1.
 */
let identityHints: { name: string; delegation: string } | null = null;

export function setIdentityHints(hints: { name: string; delegation: string } | null): void {
  identityHints = hints;
}

async function send(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  // A form (a file upload) sets its own multipart type, with its boundary.
  if (init.body !== undefined && !(init.body instanceof FormData)) headers.set('Content-Type', 'application/json');
  if (identityHints) {
    headers.set('X-Draftroom-Name', encodeURIComponent(identityHints.name));
    if (identityHints.delegation) headers.set('X-Draftroom-Delegation', encodeURIComponent(identityHints.delegation));
  }
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, cache: 'no-store' });
  } catch {
    throw new RequestError(0, NETWORK_ERROR, 'The server could not be reached. Check your connection.');
  }
  if (!response.ok) throw await toRequestError(response);
  return response;
}

async function toRequestError(response: Response): Promise<RequestError> {
  try {
    // A proxy in front of the server may answer with its own body: check before trusting the shape.
    const body = (await response.json()) as Partial<ErrorBody> | null;
    if (typeof body?.error?.code === 'string') {
      const { code, message, blockId, lockedBy, baseText, liveText, restoreText } = body.error;
      const fields: ErrorFields = {
        ...(typeof blockId === 'string' ? { blockId } : {}),
        ...(typeof lockedBy === 'string' ? { lockedBy } : {}),
        ...(typeof baseText === 'string' ? { baseText } : {}),
        ...(typeof liveText === 'string' ? { liveText } : {}),
        ...(typeof restoreText === 'string' ? { restoreText } : {}),
      };
      return new RequestError(response.status, code, message ?? response.statusText, fields);
    }
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new RequestError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
}

/** Calls the server and parses its JSON answer. */
export async function apiJson<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await send(path, token, init);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Calls the server for a file; returns it with the name the server suggests. */
export async function apiFile(path: string, token: string): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send(path, token);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const filename = match ? decodeURIComponent(match[1] ?? match[2] ?? '') : null;
  return { blob: await response.blob(), filename };
}

/** A JSON body for `init`. */
export function jsonBody(value: unknown): RequestInit {
  return { method: 'POST', body: JSON.stringify(value) };
}

/** An error with an HTTP status and a stable code; the message says what was expected and what came. */
import type { ErrorBody, ErrorCodeValue, ErrorFields } from '../shared/protocol.js';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    readonly code: ErrorCodeValue,
    message: string,
    /** The values the message names, for clients that word it themselves. */
    readonly fields: ErrorFields = {},
  ) {
    super(message);
  }
}

/** The JSON body of every HTTP error (`ErrorBody` in shared/protocol.ts). */
export function errorBody(code: ErrorCodeValue, message: string, fields: ErrorFields = {}): ErrorBody {
  return { error: { code, message, ...fields } };
}

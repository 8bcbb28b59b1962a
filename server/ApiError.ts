/** An error with an HTTP status and a stable code; the message says what was expected and what came. */
import type { ErrorBody, ErrorCodeValue } from '../shared/protocol.js';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body of every HTTP error (`ErrorBody` in shared/protocol.ts). */
export function errorBody(code: ErrorCodeValue, message: string): ErrorBody {
  return { error: { code, message } };
}

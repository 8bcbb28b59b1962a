/** Errors that end one socket with their own close code, and how a socket is closed for one. */
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import type { Connection } from './Connection.js';

/** A frame that is not a valid message of the protocol (closes with 4400). */
export class MalformedFrame extends Error {}

/** A well-formed frame this connection may never send (closes with 4403). */
export class ForbiddenFrame extends Error {}

/** Closes the connection whose frame failed: 4400 malformed, 4403 forbidden, 1011 our own failure. */
export function closeForFrameError(connection: Connection, error: unknown): void {
  if (error instanceof ForbiddenFrame) {
    connection.log.warn({ problem: error.message }, 'forbidden frame');
    connection.close(CloseCode.forbidden, `${ErrorCode.forbidden}: ${error.message}`);
  } else if (error instanceof MalformedFrame) {
    connection.log.warn({ problem: error.message }, 'malformed frame');
    connection.close(CloseCode.malformed, `${ErrorCode.malformed}: ${error.message}`);
  } else {
    connection.log.error({ err: error }, 'failed to handle a frame');
    connection.close(CloseCode.internalError, `${ErrorCode.internal}: the server failed to handle a message`);
  }
}

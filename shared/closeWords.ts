/**
 * Which words say why the server closed a connection: a key of the wording table
 * (shared/locales/<language>/connection.json), chosen by the close code and the error code
 * its reason starts with, never by the reason's English. The page says them in the person's
 * language; the server's tests and other clients read the same sentences in English.
 */
import { CloseCode, closeReasonCode, ErrorCode } from './protocol.js';
import type { Words } from './refusalWords.js';

export function closeWords(code: number, reason = ''): Words {
  const why = closeReasonCode(reason);
  switch (code) {
    case CloseCode.unauthenticated:
      return { key: why === ErrorCode.tokenExpired ? 'connection:closed.expired' : 'connection:closed.invalid' };
    case CloseCode.forbidden:
      return { key: why === ErrorCode.tokenRevoked ? 'connection:closed.revoked' : 'connection:closed.otherRoom' };
    case CloseCode.notFound:
      return { key: 'connection:closed.notFound' };
    case CloseCode.messageTooBig:
      return { key: 'connection:closed.tooBig' };
    case CloseCode.malformed:
      return { key: why === ErrorCode.labelRefused ? 'connection:closed.labelRefused' : 'connection:closed.malformed' };
    case CloseCode.rateLimited:
      return { key: 'connection:closed.rateLimited' };
    case CloseCode.serviceRestart:
      return { key: 'connection:restarting' };
    default:
      // Any other code (a network drop, a proxy's own close) is not the server's decision.
      return { key: 'connection:closed.other' };
  }
}

/**
 * Why the server closed this page's connection, from the close code and the reason's error
 * code (shared/protocol.ts CloseCode, ErrorCode), in the interface language. The server's
 * English `describeClose` stays for other clients.
 */
import i18next from 'i18next';
import { CloseCode, ErrorCode, closeReasonCode } from '../../shared/protocol';

export function closeText(code: number, reason = ''): string {
  const why = closeReasonCode(reason);
  switch (code) {
    case CloseCode.unauthenticated:
      return i18next.t(why === ErrorCode.tokenExpired ? 'connection:closed.expired' : 'connection:closed.invalid');
    case CloseCode.forbidden:
      return i18next.t(why === ErrorCode.tokenRevoked ? 'connection:closed.revoked' : 'connection:closed.otherRoom');
    case CloseCode.notFound:
      return i18next.t('connection:closed.notFound');
    case CloseCode.messageTooBig:
      return i18next.t('connection:closed.tooBig');
    case CloseCode.malformed:
      return i18next.t(why === ErrorCode.labelRefused ? 'connection:closed.labelRefused' : 'connection:closed.malformed');
    case CloseCode.rateLimited:
      return i18next.t('connection:closed.rateLimited');
    case CloseCode.serviceRestart:
      return i18next.t('connection:restarting');
    default:
      return i18next.t('connection:closed.other');
  }
}

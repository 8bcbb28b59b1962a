/**
 * What an HTTP error means, worded from its stable code (`{error: {code, message}}`) in the
 * interface language. The server's English message is shown only for a code this client
 * does not know (a newer server), so that something true is said rather than nothing.
 */
import i18next from 'i18next';
import { RequestError } from '../api/http';

export function apiErrorText(error: unknown): string {
  if (!(error instanceof RequestError)) return i18next.t('notices:error.unknown');
  // An answer without Draftroom's error body (a proxy's 502, say): only its status is known.
  if (error.code.startsWith('HTTP_')) return i18next.t('notices:error.http', { status: error.status });
  const key = `notices:error.${error.code}`;
  return i18next.exists(key) ? i18next.t(key) : error.message;
}

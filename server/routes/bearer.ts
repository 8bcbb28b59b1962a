/** The token of an HTTP request: `Authorization: Bearer <token>`. */
import type { FastifyRequest } from 'fastify';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1]!.trim() : '';
}

/**
 * Name and delegation a role-link holder gives for audit records (named invites ignore
 * these). Sent by the client as URI-encoded headers, since role links carry no name of their
 * own and header values must be Latin-1. The Authenticator cleans and checks them with the
 * shared label rule (PROTOCOL.md N1), as it does the websocket's `name` and `delegation`.
 */
export function identityHints(request: FastifyRequest): { name?: string; delegation?: string } {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? percentDecoded(value) : undefined;
  };
  return { name: header('x-draftroom-name'), delegation: header('x-draftroom-delegation') };
}

/**
 * Decodes %XX escapes as UTF-8 without ever failing: a malformed sequence (a lone surrogate
 * encoded as %ED%A0%80, a cut-off character) becomes U+FFFD, which the label rule removes,
 * and a "%" that starts no escape stays as typed.
 */
function percentDecoded(value: string): string {
  return value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return UTF8.decode(bytes);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

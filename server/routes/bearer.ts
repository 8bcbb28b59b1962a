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
 * these). Sent by the client as headers, since role links carry no name of their own.
 */
export function identityHints(request: FastifyRequest): { name?: string; delegation?: string } {
  const header = (name: string) => {
    const value = request.headers[name];
    if (typeof value !== 'string') return undefined;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return { name: header('x-draftroom-name'), delegation: header('x-draftroom-delegation') };
}

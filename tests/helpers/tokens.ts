/** Tokens an attacker can make: signed with another key, tampered with, or not signed at all. */
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { randomBytes } from 'node:crypto';

/** The same claims as `genuine`, signed HS256 with a random key the server never saw. */
export async function forgeWithOtherKey(genuine: string): Promise<string> {
  const claims = decodeJwt(genuine);
  const jwt = new SignJWT({ doc: claims.doc, role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(claims.iss ?? 'draftroom')
    .setSubject(claims.sub!)
    .setIssuedAt();
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(new Uint8Array(randomBytes(32)));
}

/** The genuine token with its payload edited (say, role → adviser) and the old signature kept. */
export function tamperClaims(genuine: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = genuine.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), ...changes };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** The same claims with `alg: none` and no signature. */
export function unsigned(genuine: string): string {
  const claims = decodeJwt(genuine);
  return new UnsecuredJWT({ doc: claims.doc, role: claims.role }).setIssuer('draftroom').setSubject(claims.sub!).setIssuedAt().encode();
}

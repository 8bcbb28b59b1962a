/**
 * Invite tokens: HS256 JWTs (jose) naming the room, the role and the invite, with an
 * optional expiry. The signing secret is generated once and kept in the store.
 * A token proves nothing alone: the invite it names must exist and not be revoked.
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import { randomBytes } from 'node:crypto';
import { isRole, type Role } from '../../shared/roles.js';
import type { Store } from '../store/Store.js';

export interface TokenClaims {
  inviteId: string;
  docId: string;
  role: Role;
  /** Epoch seconds, or undefined for no expiry. */
  expiresAt?: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; problem: 'invalid' | 'expired' };

const ISSUER = 'draftroom';

export class TokenSigner {
  private readonly secret: Uint8Array;

  constructor(store: Store) {
    let encoded = store.getSetting('token-secret');
    if (encoded === null) {
      encoded = randomBytes(32).toString('base64url');
      store.putSetting('token-secret', encoded);
    }
    this.secret = Buffer.from(encoded, 'base64url');
  }

  async sign(claims: TokenClaims): Promise<string> {
    const jwt = new SignJWT({ doc: claims.docId, role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(claims.inviteId)
      .setIssuedAt();
    if (claims.expiresAt !== undefined) jwt.setExpirationTime(claims.expiresAt);
    return jwt.sign(this.secret);
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.doc !== 'string' || !isRole(payload.role)) {
        return { ok: false, problem: 'invalid' };
      }
      return {
        ok: true,
        claims: { inviteId: payload.sub, docId: payload.doc, role: payload.role, expiresAt: payload.exp },
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, problem: 'expired' };
      return { ok: false, problem: 'invalid' };
    }
  }
}

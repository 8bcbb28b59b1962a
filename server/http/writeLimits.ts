/**
 * Rate limits on writes over HTTP (PROTOCOL.md H1). Every POST, PUT, PATCH and DELETE under
 * /api takes a token from its sender's allowance before its body is read; without one it
 * gets 429, a Retry-After in seconds and E_RATE_LIMITED. Reads are not limited.
 *
 * Whose allowance: a named invite's; on a role link, the name's (as the room knows people,
 * invite + name) and, since anyone holding the link may give any name, the whole link's too;
 * the admin token's. Creating a room also takes from a slower allowance of rooms. Requests
 * whose token does not verify pass through untouched: the route refuses them (401/403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  HTTP_WRITE_BURST,
  HTTP_WRITES_PER_MINUTE,
  MAX_WRITE_BUCKETS,
  ROOM_CREATION_BURST,
  ROOMS_PER_HOUR,
  SHARED_TOKEN_WRITE_FACTOR,
} from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { errorBody } from '../ApiError.js';
import type { Caller, Authenticator } from '../auth/Authenticator.js';
import { identityKey } from '../collab/Session.js';
import { bearerToken, identityHints } from '../routes/bearer.js';
import type { Store } from '../store/Store.js';
import { TokenBuckets, type BucketRule } from './TokenBuckets.js';

/** The allowances; Config.writeLimits overrides any of them (tests use a small burst). */
export interface WriteLimits {
  /** Writes one person may make at once. */
  burst: number;
  /** Writes one person may sustain per minute once the burst is spent. */
  perMinute: number;
  /** Multiplier for everyone on one role link together, and for the admin token. */
  sharedFactor: number;
  /** Rooms one adviser token may create at once (admin: times sharedFactor). */
  roomBurst: number;
  /** Rooms one adviser token may create per hour once that is spent (admin: times sharedFactor). */
  roomsPerHour: number;
  /** Allowances kept in memory at most. */
  maxBuckets: number;
}

export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  burst: HTTP_WRITE_BURST,
  perMinute: HTTP_WRITES_PER_MINUTE,
  sharedFactor: SHARED_TOKEN_WRITE_FACTOR,
  roomBurst: ROOM_CREATION_BURST,
  roomsPerHour: ROOMS_PER_HOUR,
  maxBuckets: MAX_WRITE_BUCKETS,
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** One allowance a write takes from: its bucket, its size, and how a refusal names it. */
interface Allowance {
  key: string;
  rule: BucketRule;
  /** "at most 120 writes at once, then 60 a minute, per invitation". */
  says: string;
}

/** Adds the limit to every write under /api; call once, before the routes. */
export function registerWriteLimits(
  app: FastifyInstance,
  deps: { auth: Authenticator; store: Store },
  overrides: Partial<WriteLimits> = {},
): void {
  const limits: WriteLimits = { ...DEFAULT_WRITE_LIMITS, ...overrides };
  const buckets = new TokenBuckets(limits.maxBuckets);

  app.addHook('onRequest', async (request, reply) => {
    // The route's pattern, not the raw URL: however the path is spelled, a write to an API route is counted.
    if (!WRITE_METHODS.has(request.method) || !request.routeOptions.url?.startsWith('/api/')) return;
    let caller: Caller;
    try {
      caller = await deps.auth.identify(bearerToken(request), identityHints(request));
    } catch {
      return;
    }
    const allowances = allowancesOf(caller, isRoomCreation(request), limits, deps.store);
    let blocking: Allowance | null = null;
    let waitMs = 0;
    for (const allowance of allowances) {
      const wait = buckets.waitMs(allowance.key, allowance.rule);
      if (wait > waitMs) [blocking, waitMs] = [allowance, wait];
    }
    if (blocking === null) {
      for (const allowance of allowances) buckets.take(allowance.key, allowance.rule);
      return;
    }
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    request.log.debug({ limit: blocking.says, retryAfterSeconds: seconds }, 'write rate limited');
    return reply
      .code(429)
      .header('retry-after', String(seconds))
      .send(errorBody(ErrorCode.rateLimited, `too many writes: ${blocking.says}; retry in ${seconds} s`));
  });
}

function isRoomCreation(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === '/api/documents';
}

function allowancesOf(caller: Caller, createsRoom: boolean, limits: WriteLimits, store: Store): Allowance[] {
  const rule = (factor: number, burst: number, perPeriod: number, periodMs: number): BucketRule => ({
    capacity: burst * factor,
    refillPerMs: (perPeriod * factor) / periodMs,
  });
  const writes = (factor: number, key: string, who: string): Allowance => ({
    key,
    rule: rule(factor, limits.burst, limits.perMinute, MINUTE_MS),
    says: `at most ${limits.burst * factor} writes at once, then ${limits.perMinute * factor} a minute, ${who}`,
  });
  const rooms = (factor: number, key: string, who: string): Allowance => ({
    key,
    rule: rule(factor, limits.roomBurst, limits.roomsPerHour, HOUR_MS),
    says: `at most ${limits.roomBurst * factor} new rooms at once, then ${limits.roomsPerHour * factor} an hour, ${who}`,
  });

  if (caller.kind === 'admin') {
    const all = [writes(limits.sharedFactor, 'w:admin', 'with the admin token')];
    return createsRoom ? [...all, rooms(limits.sharedFactor, 'r:admin', 'with the admin token')] : all;
  }
  const { session } = caller;
  const roleLink = store.getInvite(session.inviteId)?.name == null;
  const all = roleLink
    ? [
        writes(1, `w:p:${identityKey(session)}`, 'per person on a role link'),
        writes(limits.sharedFactor, `w:l:${session.inviteId}`, 'from everyone on one role link together'),
      ]
    : [writes(1, `w:i:${session.inviteId}`, 'per invitation')];
  return createsRoom ? [...all, rooms(1, `r:${session.inviteId}`, 'per invitation')] : all;
}

/**
 * Who may call an HTTP route: each route under /api declares it in its config, and one
 * preHandler hook checks it before the handler runs (after the request is validated, so a
 * malformed request is still a 400 whoever sends it).
 *
 *     app.post('/api/documents/:docId/blocks/:blockId/lock', { schema, config: { access: 'lock', openRoom: true } }, handler)
 *
 * The hook resolves the caller from the bearer token and the identity hints a role link sends
 * (bearer.ts), checks the access with the Authenticator (401 for a token missing, forged or
 * expired, 403 for one revoked, for another room or without the right, 404 for an unknown
 * room), opens the room when the route asks (404 when there is none), and hands both to the
 * handler as `request.caller` and `request.room`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/protocol.js';
import type { Permission } from '../../shared/roles.js';
import { ApiError } from '../ApiError.js';
import type { Caller } from '../auth/Authenticator.js';
import type { Room } from '../collab/Room.js';
import type { ServerContext } from '../context.js';
import { bearerToken, identityHints } from './bearer.js';

/** Who may call a route. */
export type RouteAccess =
  /** Any valid token: the admin's, or an invite's of any room (GET /api/session). */
  | 'token'
  /** The admin token, or an adviser's of any room (POST /api/documents). */
  | 'create-room'
  /** A right in the room the route's `:docId` names (shared/roles.ts); the admin token holds every right in every room. */
  | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (server/routes/access.ts); every route under /api/ declares it. */
    access?: RouteAccess;
    /** With a right in a room: open that room too, as `request.room`. */
    openRoom?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling: on a route that declares `config.access`. */
    readonly caller: Caller;
    /** The room of `:docId`, loaded: on a route whose config says `openRoom`. */
    readonly room: Room;
  }
}

interface Granted {
  caller: Caller;
  room: Room | null;
}

/** Adds the access check to every route; call once, before the routes. */
export function registerAccess(app: FastifyInstance, ctx: Pick<ServerContext, 'auth' | 'rooms'>): void {
  const granted = new WeakMap<FastifyRequest, Granted>();
  const grantOf = (request: FastifyRequest): Granted => {
    const grant = granted.get(request);
    if (grant === undefined) throw new Error(`${request.routeOptions.url} reads request.caller, but declares no config.access`);
    return grant;
  };
  app.decorateRequest('caller', {
    getter(this: FastifyRequest): Caller {
      return grantOf(this).caller;
    },
  });
  app.decorateRequest('room', {
    getter(this: FastifyRequest): Room {
      const { room } = grantOf(this);
      if (room === null) throw new Error(`${this.routeOptions.url} reads request.room, but its config does not say openRoom`);
      return room;
    },
  });

  // A route that forgets to say who may call it, or asks for a room it has no :docId for, stops the server at start.
  app.addHook('onRoute', (route) => {
    const { access, openRoom } = route.config ?? {};
    const where = `${route.method} ${route.url}`;
    if (access === undefined) {
      if (route.url.startsWith('/api/')) throw new Error(`${where}: a route under /api/ declares who may call it (config.access)`);
      return;
    }
    const inRoom = access !== 'token' && access !== 'create-room';
    if (inRoom && !route.url.includes(':docId')) throw new Error(`${where}: a right in a room needs a :docId in the path`);
    if (openRoom && !inRoom) throw new Error(`${where}: openRoom needs a right in a room`);
  });

  app.addHook('preHandler', async (request) => {
    const { access, openRoom } = request.routeOptions.config;
    if (access === undefined) return;
    const token = bearerToken(request);
    const identity = identityHints(request);
    if (access === 'token' || access === 'create-room') {
      const caller = await ctx.auth.identify(token, identity);
      if (access === 'create-room' && caller.kind === 'invite' && caller.session.role !== 'adviser') {
        throw new ApiError(403, ErrorCode.forbidden, `expected the admin token or an adviser's, got a ${caller.session.role}'s`);
      }
      granted.set(request, { caller, room: null });
      return;
    }
    const { docId } = request.params as { docId: string };
    const caller = await ctx.auth.authorize(token, docId, access, identity);
    let room: Room | null = null;
    if (openRoom) {
      room = ctx.rooms.open(docId);
      if (room === null) throw new ApiError(404, ErrorCode.notFound, `no room with id ${docId}`);
    }
    granted.set(request, { caller, room });
  });
}
